// The Mersenne Twister (MT19937) and numpy's legacy bounded-integer draw on top of it, so that a
// seeded numpy resampling (`np.random.seed(s); np.random.choice(n, size=k, replace=True)`) can be
// replayed draw for draw. verl's bootstrap best@k is defined by exactly that stream.
//
// numpy sources: `_legacy_seeding` → `mt19937_seed` (numpy/random/src/mt19937/mt19937.c: Knuth's
// init_genrand), `RandomState.choice(replace=True, p=None)` → `randint(0, n)` → `_rand_int64` →
// `random_bounded_uint64_fill` (numpy/random/src/distributions/distributions.c): for a range below
// 2^32 with `use_masked` (the legacy default), each value is `next_uint32() & mask`, redrawn while it
// exceeds `n - 1`, where mask is the smallest 2^m − 1 ≥ n − 1.

const N = 624;
const M = 397;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

export class MT19937 {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1]!;
      this.mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
  }

  /** The next 32-bit output (numpy's `next_uint32`). */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i]! & UPPER) | (mt[(i + 1) % N]! & LOWER);
      mt[i] = mt[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.index = 0;
  }
}

/** Smallest 2^m − 1 ≥ x (numpy's `gen_mask`), for x < 2^32. */
function maskFor(x: number): number {
  let m = x >>> 0;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}

/**
 * Draws uniform integers in [0, n) exactly as numpy's legacy `RandomState.randint(0, n)` /
 * `choice(n, replace=True)` does after `np.random.seed(seed)`.
 */
export class NumpyLegacyIntegers {
  private readonly rng: MT19937;

  constructor(seed: number) {
    this.rng = new MT19937(seed);
  }

  /** One draw in [0, n). */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0xffffffff) throw new RangeError(`n must be an integer in [1, 2^32], got ${n}`);
    const rng = n - 1;
    // numpy returns `off` without consuming the stream when the range is a single value.
    if (rng === 0) return 0;
    const mask = maskFor(rng);
    for (;;) {
      const v = (this.rng.nextUint32() & mask) >>> 0;
      if (v <= rng) return v;
    }
  }
}
