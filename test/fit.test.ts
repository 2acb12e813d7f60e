import { describe, expect, it } from 'vitest';
import { boxWidth, cut, displayWidth, fitTable, renderFitted, wrapText } from '../harness/report/fit.js';

const width = (s: string) => Math.max(...s.split('\n').map((l) => [...l].length));

describe('fitting terminal tables to 120 columns', () => {
  const headers = ['model', 'a very long header for a metric', 'notes'];
  const rows = [['Qwen3-235B-A22B-Instruct-2507', '64.4 [61.2, 67.5]', 'x'.repeat(200)]];

  it('abbreviates headers (with a legend), then cuts cuttable cells, never the model column', () => {
    const out = renderFitted(headers, rows, { short: [undefined, 'EX', undefined], min: [undefined, undefined, 10] });
    expect(width(out)).toBe(120);
    expect(out).toContain('Qwen3-235B-A22B-Instruct-2507');
    expect(out).toContain('xxxx…');
    expect(out).toContain('abbreviations: EX = a very long header for a metric');
    expect(out.split('\n')).toHaveLength(5); // top, header, one row, bottom, legend: nothing wraps
  });

  it('leaves a table that fits as it is, and --wide leaves everything', () => {
    const small = renderFitted(['model', 'EX'], [['m', '1.0']], { short: [undefined, 'E'] });
    expect(small).not.toContain('abbreviations');
    expect(width(renderFitted(headers, rows, { min: [undefined, undefined, 10] }, { wide: true }))).toBeGreaterThan(200);
  });

  it('reports when cutting cannot make it fit', () => {
    const f = fitTable(['model'], [['m'.repeat(130)]]);
    expect(f.fits).toBe(false);
    expect(f.rows[0]![0]).toHaveLength(130);
    expect(boxWidth([10, 20])).toBe(37);
  });

  it('counts wide characters twice and wraps prose at spaces', () => {
    expect(displayWidth('西单ab')).toBe(6);
    expect(cut('西单西单', 5)).toBe('西单…');
    expect(cut('/results/suites/nightly/2025-06-01/m/spider', 20, true)).toBe('…2025-06-01/m/spider');
    const lines = wrapText(`fixed (40): ${Array.from({ length: 40 }, (_, i) => `id-${i}`).join(', ')}`, 50);
    expect(lines.every((l) => l.length <= 50)).toBe(true);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('id-39');
  });
});
