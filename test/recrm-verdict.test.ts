// The verdict format: what the parser reads (JSON line, `Verdict:` line, Chinese words), what it
// refuses (a malformed verdict is never a wrong answer), and the oracle's replies.
import { describe, expect, test } from 'vitest';
import type { RecItem, RecSample } from '../benchmarks/recrm/extract.js';
import type { LabelSpec } from '../benchmarks/recrm/mapping.js';
import { MalformedOutputError, scoreEntry } from '../benchmarks/recrm/score.js';
import { formatVerdict, parseVerdict, verdictString } from '../benchmarks/recrm/verdict.js';

const BIN: LabelSpec = { type: 'binary' };
const GRADED: LabelSpec = { type: 'graded', classes: [{ value: 'none', aliases: ['曝光'] }, { value: 'click', description: 'clicks', aliases: ['点击'] }, { value: 'order' }] };
const RANK: LabelSpec = { type: 'ranking', format: 'order', k: 2 };
const ITEMS: RecItem[] = ['a', 'b', 'c'].map((id) => ({ id, text: `item ${id}` }));

const on = (label: LabelSpec, items: RecItem[] = []) => ({ label, items });

describe('binary verdicts', () => {
  test.each([
    ['Reasoning…\n{"verdict": "yes", "score": 0.82}', 'yes', 0.82],
    ['```json\n{"verdict": "NO", "score": "0.1"}\n```', 'no', 0.1],
    ["{'verdict': 'yes'}", 'yes', null],
    ['{"verdict": true, "score": 1.7}', 'yes', null],
    ['分析：回复符合格式。\n**Verdict:** 是\nScore: 0.9', 'yes', 0.9],
    ['Verdict: no, the response lists three places', 'no', null],
    ['{"verdict": "yes"} at first, but on reflection:\n{"verdict": "no", "score": 0.3}', 'no', 0.3],
  ])('%j → %s (score %s)', (text, value, score) => {
    expect(parseVerdict(text, on(BIN))).toEqual({ ok: true, value: { type: 'binary', value, score } });
  });

  test.each([
    ['I think it complies.', /no verdict found/],
    ['{"verdict": "maybe", "score": 0.5}', /"maybe" is not "yes" or "no"/],
    ['Verdict: unclear', /"unclear" is not/],
  ])('%j is malformed', (text, reason) => {
    const r = parseVerdict(text, on(BIN));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(reason);
  });
});

describe('graded verdicts', () => {
  test('value, description, alias and a value followed by words', () => {
    const g = (t: string) => parseVerdict(t, on(GRADED));
    expect(g('{"verdict": "click"}')).toEqual({ ok: true, value: { type: 'graded', value: 'click', index: 1, score: null } });
    expect(g('{"verdict": "Clicks"}')).toMatchObject({ ok: true, value: { index: 1 } });
    expect(g('Verdict: 点击')).toMatchObject({ ok: true, value: { value: 'click' } });
    expect(g('Verdict: order (the user bought it before)')).toMatchObject({ ok: true, value: { value: 'order', index: 2 } });
    expect(g('{"verdict": "buy"}')).toMatchObject({ ok: false, message: expect.stringMatching(/none of "none", "click", "order"/) as unknown });
    expect(g('{"verdict": ["click"]}').ok).toBe(false);
  });
});

describe('ranking verdicts', () => {
  test('JSON list or a > b > c; every candidate exactly once', () => {
    const r = (t: string) => parseVerdict(t, on(RANK, ITEMS));
    expect(r('{"verdict": ["b", "a", "c"]}')).toEqual({ ok: true, value: { type: 'ranking', order: ['b', 'a', 'c'] } });
    expect(r('Verdict: [c] > [a] > [b]')).toMatchObject({ ok: true, value: { order: ['c', 'a', 'b'] } });
    expect(r('{"verdict": ["b", "a"]}')).toMatchObject({ ok: false, message: expect.stringMatching(/ranks 2 of 3 items/) as unknown });
    expect(r('{"verdict": ["b", "b", "a"]}')).toMatchObject({ ok: false, message: expect.stringMatching(/twice/) as unknown });
    expect(r('{"verdict": ["b", "z", "a"]}')).toMatchObject({ ok: false, message: expect.stringMatching(/unknown item id\(s\) z/) as unknown });
  });
});

describe('oracle replies and scoring', () => {
  const sample = (label: LabelSpec, gold: RecSample['gold'], items: RecItem[] = []): RecSample => ({
    id: 'x', dimension: 'user-behavior-prediction', task: 't', query: 'q', context: '', items, response: '', gold, label,
  });

  test('formatVerdict is read back to the gold label', () => {
    const cases: RecSample[] = [
      sample(BIN, { type: 'binary', value: 'no' }),
      sample(GRADED, { type: 'graded', value: 'order', index: 2 }),
      sample(RANK, { type: 'ranking', grades: { a: 0, b: 2, c: 1 }, order: ['b', 'c', 'a'] }, ITEMS),
    ];
    for (const s of cases) {
      const text = formatVerdict(s.gold);
      const r = parseVerdict(text, s);
      expect(r.ok).toBe(true);
      if (r.ok) expect(verdictString(r.value)).toBe(s.gold.type === 'ranking' ? 'b > c > a' : s.gold.value);
      expect(scoreEntry(s, text).scores).toEqual({ acc: 1, acc_ubp: 1 });
    }
  });

  test('a wrong verdict scores 0; an unreadable one throws (a scorer error, not a 0)', () => {
    const s = sample(GRADED, { type: 'graded', value: 'order', index: 2 });
    const wrong = scoreEntry(s, '{"verdict": "none"}');
    expect(wrong.scores).toEqual({ acc: 0, acc_ubp: 0 });
    expect(wrong.extra).toMatchObject({ label: 'order', verdict: 'none', correct: false, reward: 0 });
    expect(() => scoreEntry(s, 'no idea')).toThrow(MalformedOutputError);
  });

  test('ranking extras: top-1 accuracy, NDCG@k, pairwise accuracy, item rewards', () => {
    const s = sample(RANK, { type: 'ranking', grades: { a: 3, b: 2, c: 1 }, order: ['a', 'b', 'c'] }, ITEMS);
    const got = scoreEntry(s, '{"verdict": ["b", "a", "c"]}');
    expect(got.scores.acc).toBe(0);
    expect(got.extra).toMatchObject({ k: 2, pairwise: 2 / 3, item_rewards: { b: 1, a: 0.5, c: 0 }, reward: null });
    expect(got.extra?.ndcg).toBeCloseTo((2 + 3 / Math.log2(3)) / (3 + 2 / Math.log2(3)), 12);
  });
});
