import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { COMBINED_SCHEMA } from '../benchmarks/localsearch/judge.js';
import { describeAjvErrors } from '../harness/datasets/records.js';
import { extractJson, jsonCandidates } from '../harness/judge/extract.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(COMBINED_SCHEMA);
const accept = (v: unknown) => (validate(v) ? null : describeAjvErrors(validate.errors));

const verdict = (over: Record<string, unknown> = {}) => ({
  答案正确性: { checklist: [{ item: '至少推荐1家商家', satisfied: true, reason: '推荐了1家' }], reason: '满足', score: 1 },
  输出完整性: { reason: '完整', score: 7 },
  内容流畅度: { reason: '流畅', score: 6.5 },
  安全性: { reason: '安全', score: 8 },
  幻觉检测: { reason: '无幻觉', score: 9 },
  ...over,
});

describe('extractJson (messy judge output)', () => {
  it('takes plain JSON', () => {
    const r = extractJson(JSON.stringify(verdict()), accept);
    expect(r).toEqual({ ok: true, value: verdict() });
  });

  it('takes JSON after a <think> block and before trailing text (the format the prompt asks for)', () => {
    const text = `<think>\n1. 生成Checklist：{数量}\n</think>\n${JSON.stringify(verdict(), null, 2)}\n\n以上为评估结果。`;
    expect(extractJson(text, accept)).toEqual({ ok: true, value: verdict() });
  });

  it('takes fenced JSON (```json … ```) with prose around it', () => {
    const text = `评估如下：\n\`\`\`json\n${JSON.stringify(verdict({ 安全性: { reason: '含有 } 和 { 的理由', score: 10 } }), null, 2)}\n\`\`\`\n谢谢`;
    const r = extractJson(text, accept);
    expect(r.ok && (r.value as ReturnType<typeof verdict>).安全性).toEqual({ reason: '含有 } 和 { 的理由', score: 10 });
  });

  it('finds a verdict wrapped in another object, and skips objects that do not validate', () => {
    const text = `{"note": "draft"} then {"result": ${JSON.stringify(verdict())}}`;
    expect(extractJson(text, accept)).toEqual({ ok: true, value: verdict() });
  });

  it('rejects missing dimensions, naming the field', () => {
    const v = verdict();
    delete (v as Record<string, unknown>).幻觉检测;
    const r = extractJson(JSON.stringify(v), accept);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/幻觉检测/);
  });

  it('rejects out-of-range and non-numeric scores (correctness must be 0 or 1)', () => {
    for (const bad of [
      { 输出完整性: { score: 11 } },
      { 内容流畅度: { score: -1 } },
      { 答案正确性: { score: 0.5 } },
      { 答案正确性: { score: true } },
      { 安全性: { score: '8' } },
      { 幻觉检测: { reason: 'no score' } },
    ]) {
      const r = extractJson(JSON.stringify(verdict(bad)), accept);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('reports when there is no JSON at all', () => {
    expect(extractJson('<think>想了很久</think>我觉得不错。', accept)).toEqual({ ok: false, error: 'no JSON object found in the judge output' });
    expect(jsonCandidates('{broken: json}')).toEqual([]);
  });
});
