// Latency quantiles of a run, exact, in memory bounded by the number of DISTINCT latencies:
// records hold whole milliseconds (dispatch rounds them), so a histogram has at most one entry
// per millisecond up to the slowest request — however many samples the run has.
export class LatencyHistogram {
  private counts = new Map<number, number>();
  private total = 0;

  add(ms: number): void {
    this.counts.set(ms, (this.counts.get(ms) ?? 0) + 1);
    this.total += 1;
  }

  get size(): number {
    return this.total;
  }

  /**
   * p50, p95 and the mean, as the sorted list of every latency gives them: linear interpolation
   * between the two nearest ranks, and the mean summed in ascending order (so non-integer
   * latencies round exactly as that list's sum did).
   */
  summary(): { p50: number; p95: number; mean: number } {
    if (this.total === 0) return { p50: 0, p95: 0, mean: 0 };
    const values = [...this.counts.keys()].sort((a, b) => a - b);
    const ranks = [0.5, 0.95].flatMap((q) => {
      const pos = (this.total - 1) * q;
      return [Math.floor(pos), Math.ceil(pos), pos - Math.floor(pos)];
    });
    const at = new Map<number, number>();
    const wanted = [ranks[0]!, ranks[1]!, ranks[3]!, ranks[4]!];
    let seen = 0;
    let sum = 0;
    for (const v of values) {
      const c = this.counts.get(v)!;
      for (const r of wanted) if (r >= seen && r < seen + c) at.set(r, v);
      seen += c;
      // Integer terms add exactly in any grouping while the running sum is an integer.
      if (Number.isInteger(v) && Number.isInteger(sum)) sum += v * c;
      else for (let i = 0; i < c; i++) sum += v;
    }
    const q = (lo: number, hi: number, frac: number) => at.get(lo)! + (at.get(hi)! - at.get(lo)!) * frac;
    return { p50: q(ranks[0]!, ranks[1]!, ranks[2]!), p95: q(ranks[3]!, ranks[4]!, ranks[5]!), mean: sum / this.total };
  }
}
