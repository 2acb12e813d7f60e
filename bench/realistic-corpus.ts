// A seeded synthetic Wikipedia-like passage corpus and questions about it, for the retrieval and
// search-QA benches. Words follow Zipf's law (P(rank r) ∝ 1/r) over a vocabulary whose head is real
// English (function words, then common content words, in roughly corpus-frequency order, so "the",
// "of", "was", "what" have doclists covering most passages, as in wiki-18) and whose tail is
// pronounceable invented words; passages are ~100 words (wiki-18's 100-word chunks) with a 1–3 word
// title; questions are "what/who/when/which/where … the <words of a passage>" like NQ and HotpotQA.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { seededRandom as rng } from '../harness/testing/prng.js';


const HEAD = (
  'the of and in to a was is for as on with by he at from his it an were are which this that be or has had ' +
  'first also new after their who one two her she its been but not they have other all there during when ' +
  'time into most more would can only over some such between three later what years these may made where ' +
  'while since under many both then well city up known school world used state than national about year ' +
  'him out university american season film united team became part people series war de area born early ' +
  'album song de county north south river house during second including music government game won played ' +
  'british party president high group history family church will band television company general john ' +
  'line work named old form released children located record published member until around age day name ' +
  'life water village population place original four began major several body does did how many why'
).split(' ');

const SYLLABLES = 'ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo'.split(' ');

/** The head words (deduplicated), then invented words of ≥ 2 syllables. */
export function vocabulary(n: number): string[] {
  const head = [...new Set(HEAD)];
  const b = SYLLABLES.length;
  const out = head.slice(0, n);
  for (let i = 0; out.length < n; i++) {
    let w = '';
    let x = i + b;
    while (x > 0) {
      w += SYLLABLES[x % b];
      x = Math.floor(x / b);
    }
    out.push(w);
  }
  return out;
}

/**
 * Sampler of vocabulary ranks with P(rank r) ∝ 1/(r + 1): the continuous inverse of the harmonic
 * CDF, r = ⌊(n + 1)^u⌋ − 1 (O(1) per word; a table search made corpus generation the bottleneck).
 */
export function zipf(n: number, rand: () => number): () => number {
  const logN = Math.log(n + 1);
  return () => Math.min(n - 1, Math.floor(Math.exp(rand() * logN)) - 1);
}

export interface Question {
  /** The passage the question was written from. */
  id: string;
  question: string;
  /** A word of that passage's title, usable as a gold answer. */
  answer: string;
}

const TEMPLATES = ['what is the {a} of {t}', 'who was the {a} {b} of {t}', 'when did {t} {a} the {b}', 'which {a} is {t} {b}', 'where is the {a} {b} in {t}', 'how many {a} did {t} have'];

/**
 * Write `passages` lines of `{"id", "contents": "\"Title\"\ntext"}` to `path` and return
 * `questions` questions, each about a distinct random passage (title words plus content words of it).
 */
export async function writeRealisticCorpus(path: string, passages: number, questions: number, seed = 42): Promise<Question[]> {
  const rand = rng(seed);
  const vocab = vocabulary(200_000);
  const rankOf = new Map(vocab.map((w, r) => [w, r]));
  const word = zipf(vocab.length, rand);
  const picked = new Set<number>();
  while (picked.size < Math.min(questions, passages)) picked.add(Math.floor(rand() * passages));
  const out: Question[] = [];
  const ws = createWriteStream(path);
  let chunk = '';
  for (let i = 0; i < passages; i++) {
    // Titles come from the rare part of the vocabulary, like named entities.
    const titleLen = 1 + Math.floor(rand() * 3);
    const title = Array.from({ length: titleLen }, () => vocab[20_000 + Math.floor(rand() * 180_000)]!);
    const len = 80 + Math.floor(rand() * 41);
    const text = Array.from({ length: len }, () => vocab[word()]!);
    chunk += JSON.stringify({ id: String(i), contents: `"${title.join(' ')}"\n${text.join(' ')}` }) + '\n';
    if (picked.has(i)) {
      // Content words a question would name: the passage's rarer words (rank ≥ 300).
      const content = text.filter((w) => rankOf.get(w)! >= 300);
      const a = content[Math.floor(rand() * content.length)] ?? text[5]!;
      const b = content[Math.floor(rand() * content.length)] ?? text[9]!;
      const tpl = TEMPLATES[Math.floor(rand() * TEMPLATES.length)]!;
      out.push({ id: String(i), question: tpl.replace('{a}', a).replace('{b}', b).replace('{t}', title.join(' ')), answer: title[0]! });
    }
    if (chunk.length > 1 << 20 || i === passages - 1) {
      if (!ws.write(chunk)) await once(ws, 'drain');
      chunk = '';
    }
  }
  ws.end();
  await once(ws, 'finish');
  return out;
}
