import { describe, expect, it } from 'vitest';
import { ReplicaSet } from '../harness/model/replicas.js';

describe('ReplicaSet', () => {
  it('round-robins among equally loaded replicas', () => {
    const r = new ReplicaSet(3);
    const picks: number[] = [];
    for (let i = 0; i < 6; i++) {
      const p = r.acquire();
      picks.push(p);
      r.release(p);
    }
    expect(picks).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('picks the replica with the fewest requests in flight', () => {
    const r = new ReplicaSet(3);
    const a = r.acquire(); // 0
    const b = r.acquire(); // 1
    r.acquire(); // 2
    r.release(b);
    expect(r.acquire()).toBe(b);
    r.release(a);
    expect(r.acquire()).toBe(a);
    expect([r.load(0), r.load(1), r.load(2)]).toEqual([1, 1, 1]);
  });

  it('avoids a replica for a while after a connection failure', () => {
    let now = 1000;
    const r = new ReplicaSet(2, { penaltyMs: 500, now: () => now });
    const first = r.acquire();
    r.release(first, true);
    for (let i = 0; i < 4; i++) {
      const p = r.acquire();
      expect(p).not.toBe(first);
      r.release(p);
    }
    // Busy healthy replica still beats the penalised one.
    const held = r.acquire();
    expect(held).not.toBe(first);
    expect(r.acquire()).not.toBe(first);
    now += 501;
    expect(r.acquire()).toBe(first);
  });

  it('still uses a penalised replica when it is the only one', () => {
    const r = new ReplicaSet(1, { penaltyMs: 10_000 });
    r.release(r.acquire(), true);
    expect(r.acquire()).toBe(0);
  });

  it('falls back to the least loaded when all are penalised', () => {
    const r = new ReplicaSet(2, { penaltyMs: 10_000 });
    r.release(r.acquire(), true);
    r.release(r.acquire(), true);
    const x = r.acquire();
    const y = r.acquire();
    expect(new Set([x, y]).size).toBe(2);
  });
});
