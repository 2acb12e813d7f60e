// The bench's whole-process helpers (bench/whole-process.ts): growth exponents, the /proc peak-RSS
// reader, and one real spawn of the CLI from dist/ with its peak RSS and CPU time measured.
import { describe, expect, it } from 'vitest';
import { bareUndiciLoop, forkMockProcess, growthExponent, growthFigures, parseVmHwmMb, readPeakRssMb, spawnRun, startMockProcess, type SpawnResult } from '../bench/whole-process.js';

describe('growthExponent', () => {
  it('is 1 for linear growth, 2 for quadratic, 0 for flat, over a factor of 4 or another', () => {
    expect(growthExponent(10, 40)).toBeCloseTo(1, 12);
    expect(growthExponent(10, 160)).toBeCloseTo(2, 12);
    expect(growthExponent(150, 150)).toBe(0);
    expect(growthExponent(2, 16, 2)).toBeCloseTo(3, 12);
    // The measurement: 1.7 s at 10k, 12.4 s at 40k.
    expect(growthExponent(1.7, 12.4)).toBeCloseTo(1.43, 2);
    expect(growthExponent(0, 5)).toBeNaN();
  });

  it('growthFigures uses the points’ own size ratio', () => {
    const run = (wallMs: number, cpuMs: number, peakRssMb: number): SpawnResult => ({ wallMs, cpuMs, peakRssMb, rssMethod: '/usr/bin/time %M', exitCode: 0, stdout: '', stderr: '', timedOut: false });
    expect(growthFigures({ units: 100, run: run(1000, 500, 100), bareMs: 10 }, { units: 400, run: run(4000, 2000, 100), bareMs: 40 })).toBe('1 · 1 · n/a · 1 · 0');
    // 300 ms of start-up: 200 → 800 ms above it is linear, though the raw CPU times (500 → 1100) look sublinear.
    expect(growthFigures({ units: 100, run: run(1000, 500, 100) }, { units: 400, run: run(4000, 1100, 100) }, run(300, 300, 90))).toBe('1 · 0.57 · 1 · n/a · 0');
  });
});

describe('peak RSS', () => {
  it('parses VmHWM from a /proc status text, in MiB', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1234567 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(parseVmHwmMb(status)).toBe(200);
    expect(parseVmHwmMb('Name:\tnode\n')).toBeNull();
  });

  it('reads this process’s high-water mark; a gone process gives null', () => {
    const mb = readPeakRssMb('self');
    if (process.platform !== 'linux') return;
    expect(mb).toBeGreaterThan(process.memoryUsage.rss() / 1048576 - 1);
    expect(readPeakRssMb(2 ** 22 + 12345)).toBeNull();
  });

  it('spawns `agenteval list` from dist/ as typed: exit 0, its output, a peak RSS and a CPU time', async () => {
    const r = await spawnRun(['list']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('triviaqa');
    expect(r.peakRssMb).toBeGreaterThan(20);
    expect(r.peakRssMb).toBeLessThan(2000);
    expect(r.wallMs).toBeGreaterThan(0);
    if (r.rssMethod === '/usr/bin/time %M') expect(r.cpuMs).toBeGreaterThan(0);
  });
});

describe('mock endpoint processes', () => {
  it('startMockProcess and forkMockProcess count the requests they answered (the bare loop then sends as many)', async () => {
    const echo = await startMockProcess('echo');
    const bfcl = await forkMockProcess('bfcl-endpoint.js', [], 'bfcl');
    try {
      await bareUndiciLoop(echo.url, { requests: 7, concurrency: 2 });
      await bareUndiciLoop(bfcl.url, { requests: 3, concurrency: 1 });
      expect(await echo.count()).toBe(7);
      expect(await bfcl.count()).toBe(3);
      // The endpoint's own CPU time, for the nq-direct budget: positive and never going back.
      const cpu = await echo.cpuMs();
      expect(cpu).toBeGreaterThan(0);
      await bareUndiciLoop(echo.url, { requests: 5, concurrency: 1 });
      expect(await echo.cpuMs()).toBeGreaterThanOrEqual(cpu);
    } finally {
      await echo.stop();
      await bfcl.stop();
    }
  });
});
