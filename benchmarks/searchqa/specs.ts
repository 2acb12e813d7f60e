// What differs between the seven search-QA benchmarks (Search-R1's seven test sets): names, splits, where the bundled data and
// corpus are, which rows of a mixed verl file are theirs, and which official F1 they report.
import { assetPath } from '../../harness/paths.js';

export type SearchQaName = 'hotpotqa' | '2wiki' | 'musique' | 'bamboogle' | 'nq' | 'triviaqa' | 'popqa';

export interface SearchQaSpec {
  name: SearchQaName;
  title: string;
  /** Folder of the benchmark in RUC-NLPIR/FlashRAG_datasets (`<dir>/<split>.jsonl`). */
  flashragDir: string;
  /** The split Search-R1 and FlashRAG papers report (FlashRAG has no public test labels for most). */
  defaultSplit: string;
  /** Full split sizes (FlashRAG_datasets), for `agenteval list`. */
  sizes: Record<string, number>;
  /** Bundled question file, relative to benchmarks/searchqa/data/. */
  bundledFile: string;
  /** Bundled corpus, relative to benchmarks/searchqa/data/. */
  bundledCorpus: string;
  /** `data_source` values of this benchmark in verl files (Search-R1 names and HF dataset ids). */
  dataSource: RegExp;
  /**
   * Which F1: `hotpot` = hotpot_evaluate_v1.py f1_score (scorers/qa.ts f1Hotpot) for HotpotQA, whose
   * papers use the official script; `flashrag` = FlashRAG F1_Score (f1FlashRag) for the others, as
   * Search-R1-family papers evaluate them with FlashRAG. The two give the same number per sample.
   */
  f1: 'hotpot' | 'flashrag';
}

export const DEFAULT_HUB_REPO = 'RUC-NLPIR/FlashRAG_datasets';

export const SPECS: Record<SearchQaName, SearchQaSpec> = {
  hotpotqa: {
    name: 'hotpotqa', title: 'HotpotQA (multi-hop QA over Wikipedia)', flashragDir: 'hotpotqa', defaultSplit: 'dev',
    sizes: { train: 90447, dev: 7405 }, bundledFile: 'hotpotqa/hotpot_dev_distractor_subset.json', bundledCorpus: 'hotpotqa/corpus.jsonl',
    dataSource: /hotpot/i, f1: 'hotpot',
  },
  '2wiki': {
    name: '2wiki', title: '2WikiMultihopQA', flashragDir: '2wikimultihopqa', defaultSplit: 'dev',
    sizes: { train: 15000, dev: 12576 }, bundledFile: '2wiki/dev_subset.json', bundledCorpus: 'combined-corpus.jsonl',
    dataSource: /2wiki/i, f1: 'flashrag',
  },
  musique: {
    name: 'musique', title: 'MuSiQue-Ans (2–4 hop QA)', flashragDir: 'musique', defaultSplit: 'dev',
    sizes: { train: 19938, dev: 2417 }, bundledFile: 'musique/dev_subset.jsonl', bundledCorpus: 'musique/corpus.jsonl',
    dataSource: /musique/i, f1: 'flashrag',
  },
  bamboogle: {
    name: 'bamboogle', title: 'Bamboogle (2-hop questions search engines get wrong)', flashragDir: 'bamboogle', defaultSplit: 'test',
    sizes: { test: 125 }, bundledFile: 'bamboogle/test_subset.jsonl', bundledCorpus: 'combined-corpus.jsonl',
    dataSource: /bamboogle/i, f1: 'flashrag',
  },
  nq: {
    name: 'nq', title: 'Natural Questions (open)', flashragDir: 'nq', defaultSplit: 'test',
    sizes: { train: 79168, dev: 8757, test: 3610 }, bundledFile: 'nq/nq_test_verl_format.jsonl', bundledCorpus: 'combined-corpus.jsonl',
    dataSource: /(^|[^a-z])nq([^a-z]|$)|natural.?questions/i, f1: 'flashrag',
  },
  // FlashRAG's `triviaqa` and `popqa` configs, as Search-R1's scripts/data_process/qa_search_test_merge.py
  // loads them (its test.parquet names their rows data_source "triviaqa" / "popqa"). Only the test sizes
  // are listed: they were checked against the split (11,313 and 14,267 rows, data/triviaqa/README.md).
  triviaqa: {
    name: 'triviaqa', title: 'TriviaQA (open-domain, unfiltered test as FlashRAG holds it)', flashragDir: 'triviaqa', defaultSplit: 'test',
    sizes: { test: 11313 }, bundledFile: 'triviaqa/test_subset.jsonl', bundledCorpus: 'combined-corpus.jsonl',
    dataSource: /trivia/i, f1: 'flashrag',
  },
  popqa: {
    name: 'popqa', title: 'PopQA (long-tail entity questions from Wikidata)', flashragDir: 'popqa', defaultSplit: 'test',
    sizes: { test: 14267 }, bundledFile: 'popqa/test_subset.jsonl', bundledCorpus: 'combined-corpus.jsonl',
    dataSource: /popqa/i, f1: 'flashrag',
  },
};

/** Search-R1's own data on the Hub: train.parquet (NQ + HotpotQA) and test.parquet (all seven test sets). */
export const SEARCH_R1_HUB_REPO = 'PeterJinGo/nq_hotpotqa_train';

export function dataPath(rel: string): string {
  return assetPath('benchmarks', 'searchqa', 'data', ...rel.split('/'));
}

export function promptPath(file: string): string {
  return assetPath('benchmarks', 'searchqa', 'prompts', file);
}
