import { describe, expect, it } from 'vitest';
import { avgAtN, majorityVote, mean } from '../scorers/aggregate.js';

describe('mean', () => {
  it('averages and is NaN when empty', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([0])).toBe(0);
    expect(mean([])).toBeNaN();
  });
});

describe('avgAtN', () => {
  it('is the mean over problems of the per-problem sample means', () => {
    // (0.5 + 0.75) / 2; a flat mean over the 6 samples would give 4/6
    expect(avgAtN([[1, 0], [1, 1, 1, 0]])).toBe(0.625);
    expect(avgAtN([[1, 1, 1, 1]])).toBe(1);
  });

  it('is NaN for no problems or a problem without samples', () => {
    expect(avgAtN([])).toBeNaN();
    expect(avgAtN([[1], []])).toBeNaN();
  });
});

describe('majorityVote', () => {
  it('takes the score of the most common answer', () => {
    expect(
      majorityVote([
        { vote: 'paris', score: 1 },
        { vote: 'lyon', score: 0 },
        { vote: 'lyon', score: 0 },
      ]),
    ).toBe(0);
  });

  it('breaks ties by earliest first occurrence', () => {
    const samples = [
      { vote: 'b', score: 0 },
      { vote: 'a', score: 1 },
      { vote: 'a', score: 1 },
      { vote: 'b', score: 0 },
    ];
    expect(majorityVote(samples)).toBe(0);
    expect(majorityVote([...samples].reverse())).toBe(0); // reversed: 'b' still first
    expect(majorityVote([samples[1]!, samples[0]!, samples[2]!, samples[3]!])).toBe(1);
  });

  it('ignores null/undefined votes and returns null when nobody votes', () => {
    expect(
      majorityVote([
        { vote: null, score: 0 },
        { vote: undefined, score: 0 },
        { vote: null, score: 0 },
        { vote: 'x', score: 1 },
      ]),
    ).toBe(1);
    expect(majorityVote([{ vote: null, score: 1 }])).toBeNull();
    expect(majorityVote([])).toBeNull();
  });

  it('uses the score of the first sample with the winning vote', () => {
    expect(
      majorityVote([
        { vote: 'a', score: 0.8 },
        { vote: 'a', score: 0.2 },
      ]),
    ).toBe(0.8);
  });

  it('counts the empty string as a real vote key', () => {
    expect(
      majorityVote([
        { vote: 'x', score: 1 },
        { vote: '', score: 0 },
        { vote: '', score: 0 },
      ]),
    ).toBe(0);
  });
});
