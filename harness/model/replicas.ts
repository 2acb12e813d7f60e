// Least-loaded dispatch across replicas of one model (several vLLM/SGLang servers). The replica
// with the fewest in-flight requests wins; ties rotate (round robin). A replica that just failed
// at the connection level is avoided for a short while, so the retry lands on another one.

export interface ReplicaSetOptions {
  /** How long a replica is deprioritised after a connection failure (default 2000 ms). */
  penaltyMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export class ReplicaSet {
  readonly size: number;
  private readonly inFlight: number[];
  private readonly penaltyUntil: number[];
  /** Replicas currently under penalty (0 ⇒ the clock is not even read). */
  private penalised = 0;
  private cursor = 0;
  private readonly penaltyMs: number;
  private readonly now: () => number;

  constructor(size: number, opts: ReplicaSetOptions = {}) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`ReplicaSet needs at least one replica, got ${size}`);
    this.size = size;
    this.inFlight = new Array<number>(size).fill(0);
    this.penaltyUntil = new Array<number>(size).fill(0);
    this.penaltyMs = opts.penaltyMs ?? 2000;
    this.now = opts.now ?? Date.now;
  }

  /** Pick a replica and count a request in flight on it. Pair with `release()`. */
  acquire(): number {
    const n = this.size;
    if (n === 1) {
      this.inFlight[0]!++;
      return 0;
    }
    const now = this.penalised > 0 ? this.now() : 0;
    let best = -1;
    let bestPenalised = true;
    let bestLoad = Infinity;
    for (let k = 0; k < n; k++) {
      const i = (this.cursor + k) % n;
      let pen = false;
      if (this.penalised > 0 && this.penaltyUntil[i]! > 0) {
        if (this.penaltyUntil[i]! > now) pen = true;
        else {
          this.penaltyUntil[i] = 0;
          this.penalised--;
        }
      }
      const load = this.inFlight[i]!;
      // Healthy beats penalised; then fewer in flight; the scan order from `cursor` breaks ties.
      if (best === -1 || (bestPenalised && !pen) || (pen === bestPenalised && load < bestLoad)) {
        best = i;
        bestPenalised = pen;
        bestLoad = load;
      }
    }
    this.cursor = (best + 1) % n;
    this.inFlight[best]!++;
    return best;
  }

  /** The request on replica `i` finished; `connectionFailed` deprioritises the replica briefly. */
  release(i: number, connectionFailed = false): void {
    this.inFlight[i]!--;
    if (connectionFailed && this.size > 1) {
      if (this.penaltyUntil[i] === 0) this.penalised++;
      this.penaltyUntil[i] = this.now() + this.penaltyMs;
    }
  }

  load(i: number): number {
    return this.inFlight[i] ?? 0;
  }
}
