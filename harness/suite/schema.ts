// The suite file (YAML): models × benchmarks, their endpoints and a judge. The JSON Schema is the
// contract ajv checks; the types mirror it for the code that reads a validated suite.

export type Scalar = string | number | boolean | null;

export interface SuiteEndpoint {
  /** One URL, a comma-separated list, or a list: replicas of one deployment. */
  base_url: string | string[];
  api_key_env?: string;
  /** Requests in flight to this endpoint, shared by every model and benchmark using it; or 'auto' (AIMD). */
  concurrency?: number | 'auto';
  max_concurrency?: number;
  timeout?: number;
  max_retries?: number;
  use_n?: 'auto' | 'on' | 'off';
}

export interface SuiteSampling {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
}

export interface SuiteModel {
  /** Folder name and history series name. */
  name: string;
  /** openai:<model> | oracle | replay:<file.jsonl> */
  spec: string;
  endpoint?: string;
  sampling?: SuiteSampling;
  n?: number;
  k?: number[];
  /** A protocol preset (`agenteval run --preset`); `sampling`, `n` and `k` given here win over it. */
  preset?: string;
}

export interface SuiteBenchmark {
  name: string;
  /** Folder name when one benchmark appears twice with different options (default: name). */
  label?: string;
  options?: Record<string, Scalar>;
  limit?: number;
  data?: string;
  split?: string;
  hub_repo?: string;
  hub_revision?: string;
}

export interface SuiteJudge {
  spec: string;
  base_url?: string;
  api_key_env?: string;
  temperature?: number;
  max_length?: number;
  timeout?: number;
  max_retries?: number;
  format_retries?: number;
  concurrency?: number;
}

export interface Suite {
  name: string;
  /** Out folder; `{date}` is the UTC date (YYYY-MM-DD), `{name}` the suite name. */
  out?: string;
  results_dir?: string;
  history?: string;
  /** Matrix cells run at once (default: all; each endpoint's budget still caps its requests). */
  parallel?: number;
  endpoints?: Record<string, SuiteEndpoint>;
  models: SuiteModel[];
  benchmarks: SuiteBenchmark[];
  judge?: SuiteJudge;
}

const NAME = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', maxLength: 100 } as const;
const ENV = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } as const;
const POS_INT = { type: 'integer', minimum: 1 } as const;

export const SUITE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['name', 'models', 'benchmarks'],
  additionalProperties: false,
  properties: {
    name: NAME,
    out: { type: 'string', minLength: 1 },
    results_dir: { type: 'string', minLength: 1 },
    history: { type: 'string', minLength: 1 },
    parallel: POS_INT,
    endpoints: {
      type: 'object',
      propertyNames: NAME,
      additionalProperties: {
        type: 'object',
        required: ['base_url'],
        additionalProperties: false,
        properties: {
          base_url: { $comment: 'a URL or a list of URLs', oneOf: [{ type: 'string', minLength: 1 }, { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }] },
          api_key_env: ENV,
          concurrency: { $comment: 'an integer ≥ 1 or "auto"', oneOf: [POS_INT, { const: 'auto' }] },
          max_concurrency: POS_INT,
          timeout: { type: 'number', exclusiveMinimum: 0 },
          max_retries: { type: 'integer', minimum: 0 },
          use_n: { enum: ['auto', 'on', 'off'] },
        },
      },
    },
    models: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'spec'],
        additionalProperties: false,
        properties: {
          name: NAME,
          spec: { type: 'string', pattern: '^(oracle|openai:.+|replay:.+)$' },
          endpoint: { type: 'string' },
          sampling: {
            type: 'object',
            additionalProperties: false,
            properties: {
              temperature: { type: 'number', minimum: 0, maximum: 2 },
              top_p: { type: 'number', minimum: 0, maximum: 1 },
              max_tokens: POS_INT,
              seed: { type: 'integer', minimum: 0 },
            },
          },
          n: POS_INT,
          k: { type: 'array', minItems: 1, items: POS_INT },
          preset: { type: 'string', minLength: 1 },
        },
      },
    },
    benchmarks: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1 },
          label: NAME,
          options: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
          limit: POS_INT,
          data: { type: 'string' },
          split: { type: 'string' },
          hub_repo: { type: 'string' },
          hub_revision: { type: 'string' },
        },
      },
    },
    judge: {
      type: 'object',
      required: ['spec'],
      additionalProperties: false,
      properties: {
        spec: { type: 'string', minLength: 1 },
        base_url: { type: 'string' },
        api_key_env: ENV,
        temperature: { type: 'number', minimum: 0, maximum: 2 },
        max_length: POS_INT,
        timeout: { type: 'number', exclusiveMinimum: 0 },
        max_retries: { type: 'integer', minimum: 0 },
        format_retries: { type: 'integer', minimum: 0 },
        concurrency: POS_INT,
      },
    },
  },
} as const;
