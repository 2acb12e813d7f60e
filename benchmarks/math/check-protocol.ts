// Messages between the checker pool (check-pool.ts) and its worker threads (check-worker.ts), and
// the verdict shape of scorers/math (`verifyMath`), which the worker loads by URL.

import type { MathVerdict } from '../../scorers/math/index.js';

export type { MathVerdict };

export interface CheckerModule {
  verifyMath(gold: string, prediction: string, opts?: { deadlineMs?: number }): MathVerdict;
  /** Boots the CAS (0.5–1 s once), so the first comparison is not charged for it against the limit. */
  warmUpMathChecker?(): void;
}

export interface CheckRequest {
  id: number;
  gold: string;
  prediction: string;
  /** Soft deadline handed to the checker; the pool's hard limit kills the thread after `timeoutMs`. */
  deadlineMs: number;
}

export type CheckReply =
  | { id: number; ok: true; verdict: MathVerdict }
  | { id: number; ok: false; error: string };

export interface WorkerInit {
  /** URL of the module exporting `verifyMath` (scorers/math/index.js; tests inject others). */
  checkerUrl: string;
}

export function isVerdict(v: unknown): v is MathVerdict {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  const nullableString = (x: unknown) => x === null || typeof x === 'string';
  return typeof o.correct === 'boolean' && nullableString(o.extracted) && nullableString(o.vote) && nullableString(o.reason);
}
