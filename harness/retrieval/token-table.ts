// Token → id hash table for the index build, looked up by a range of the source text so the hot
// loop allocates no substring and touches one cache line: a JS Map keyed by freshly sliced strings
// cost ~300 ns a token, most of the build. Open addressing over an Int32Array of
// (hash1, hash2, value) slots; a token is identified by its two independent 32-bit hashes (FNV-1a
// and a murmur-style mix over UTF-16 code units). Two distinct tokens sharing both hashes would share
// an id: for 10 million distinct tokens the chance of any such pair is ~3·10⁻⁶.
export const ABSENT = -2;

export class TokenTable {
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  /** Hashes of the last `hash` call, for the `add` that follows a miss. */
  h1 = 0;
  h2 = 0;

  constructor(capacity = 1 << 16) {
    this.slots = new Int32Array(capacity * 4);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  static readonly SEED1 = 0x811c9dc5 | 0;
  static readonly SEED2 = 0x9747b28c | 0;

  /** Hash s[start, end) into h1/h2 and return its value, or ABSENT. */
  get(s: string, start: number, end: number): number {
    let h1 = TokenTable.SEED1;
    let h2 = TokenTable.SEED2;
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    return this.find(h1, h2);
  }

  /** The value of the token whose hashes (computed as `get` does) are h1, h2, or ABSENT. */
  find(h1: number, h2: number): number {
    this.h1 = h1;
    this.h2 = h2;
    const slots = this.slots;
    const mask = this.mask;
    for (let i = h1 & mask; ; i = (i + 1) & mask) {
      const v = slots[i * 4 + 2]!;
      if (v === 0) return ABSENT;
      if (slots[i * 4] === h1 && slots[i * 4 + 1] === h2) return v - 2;
    }
  }

  /** Store `val` (≥ -1) for the token of the last missed `get`. */
  add(val: number): void {
    this.place(this.slots, this.mask, this.h1, this.h2, val + 2);
    this.count += 1;
    if (this.count * 2 > this.mask + 1) this.grow();
  }

  private place(slots: Int32Array, mask: number, h1: number, h2: number, v: number): void {
    let i = h1 & mask;
    while (slots[i * 4 + 2] !== 0) i = (i + 1) & mask;
    slots[i * 4] = h1;
    slots[i * 4 + 1] = h2;
    slots[i * 4 + 2] = v;
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap * 4);
    for (let i = 0; i < old.length; i += 4) {
      if (old[i + 2] !== 0) this.place(slots, cap - 1, old[i]!, old[i + 1]!, old[i + 2]!);
    }
    this.slots = slots;
    this.mask = cap - 1;
  }
}
