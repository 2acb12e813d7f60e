import { describe, expect, it } from 'vitest';
import { Limiter } from '../harness/model/limiter.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('Limiter (fixed)', () => {
  it('admits up to the limit and then queues FIFO', async () => {
    const l = new Limiter({ limit: 2 });
    expect(l.tryAcquire()).toBe(true);
    expect(l.tryAcquire()).toBe(true);
    expect(l.tryAcquire()).toBe(false);
    const order: number[] = [];
    const a = l.acquire().then(() => order.push(1));
    const b = l.acquire().then(() => order.push(2));
    expect(l.queued).toBe(2);
    l.release();
    await tick();
    expect(order).toEqual([1]);
    l.release();
    await Promise.all([a, b]);
    expect(order).toEqual([1, 2]);
    expect(l.inFlight).toBe(2);
    expect(l.queued).toBe(0);
  });

  it('does not let tryAcquire jump the queue', async () => {
    const l = new Limiter({ limit: 1 });
    expect(l.tryAcquire()).toBe(true);
    const waiting = l.acquire();
    l.release(); // hands the slot to the waiter
    expect(l.tryAcquire()).toBe(false);
    await waiting;
    expect(l.inFlight).toBe(1);
  });

  it('drops a waiter whose signal aborts, and serves the next one', async () => {
    const l = new Limiter({ limit: 1 });
    l.tryAcquire();
    const ac = new AbortController();
    const first = l.acquire(ac.signal);
    const second = l.acquire();
    ac.abort();
    await expect(first).rejects.toThrow(/aborted/);
    expect(l.queued).toBe(1);
    l.release();
    await second;
    expect(l.inFlight).toBe(1);
  });

  it('ignores AIMD outcomes', () => {
    const l = new Limiter({ limit: 4 });
    l.tryAcquire();
    l.release('overload');
    expect(l.limit).toBe(4);
  });
});

describe('Limiter (AIMD)', () => {
  it('starts at 8 and halves once per congestion episode', () => {
    const changes: number[] = [];
    const l = new Limiter({ limit: 'auto', onChange: (n) => changes.push(n) });
    expect(l.limit).toBe(8);
    const epochs: number[] = [];
    for (let i = 0; i < 8; i++) {
      expect(l.tryAcquire()).toBe(true);
      epochs.push(l.epoch);
    }
    // All 8 came back 429: only the first halves the limit, the rest belong to the same episode.
    for (const e of epochs) l.release('overload', e);
    expect(l.limit).toBe(4);
    expect(changes).toEqual([4]);
    // A request started after the decrease can decrease again.
    l.tryAcquire();
    l.release('overload', l.epoch);
    expect(l.limit).toBe(2);
    l.tryAcquire();
    l.release('overload', l.epoch);
    l.tryAcquire();
    l.release('overload', l.epoch);
    expect(l.limit).toBe(1); // floor
  });

  it('grows by one per window of successes while saturated, up to max', async () => {
    const changes: number[] = [];
    const l = new Limiter({ limit: 'auto', initial: 2, max: 4, onChange: (n) => changes.push(n) });
    // Keep the gate saturated: always more demand than slots.
    let served = 0;
    const worker = async (): Promise<void> => {
      while (served < 100) {
        await l.acquire();
        served++;
        await tick();
        l.release('ok');
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(changes).toEqual([3, 4]);
    expect(l.limit).toBe(4);
    expect(l.inFlight).toBe(0);
  });

  it('does not grow when demand is below the limit', () => {
    const l = new Limiter({ limit: 'auto', initial: 4 });
    for (let i = 0; i < 100; i++) {
      l.tryAcquire();
      l.release('ok');
    }
    expect(l.limit).toBe(4);
  });

  it('admits waiters when the limit grows and holds them when it shrinks', async () => {
    const l = new Limiter({ limit: 'auto', initial: 2 });
    const e = l.epoch;
    l.tryAcquire();
    l.tryAcquire();
    let admitted = 0;
    const waiters = [l.acquire(), l.acquire()].map((p) => p.then(() => admitted++));
    l.release('overload', e); // limit 1, in flight 1: nobody admitted
    await tick();
    expect(l.limit).toBe(1);
    expect(admitted).toBe(0);
    l.release('error');
    await tick();
    expect(admitted).toBe(1);
    l.release('ok');
    await Promise.all(waiters);
    expect(admitted).toBe(2);
  });
});
