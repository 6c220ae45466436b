import { describe, expect, it } from 'vitest';
import { differenceInterval, ratioInterval } from '../src/stats.mjs';

const slice = (completed, duration = 3) => ({ completed, duration });
const ratioOfTotals = (row, base) =>
  row.reduce((n, s) => n + s.completed, 0) / row.reduce((n, s) => n + s.duration, 0) /
  (base.reduce((n, s) => n + s.completed, 0) / base.reduce((n, s) => n + s.duration, 0));

describe('ratioInterval (paired bootstrap over rounds)', () => {
  it('collapses to the ratio when every round agrees, and for a single round', () => {
    const base = [slice(1000), slice(2000), slice(1500)];
    const row = base.map((s) => slice(s.completed * 0.8));
    const [low, high] = ratioInterval(row, base);
    expect(low).toBeCloseTo(0.8, 12);
    expect(high).toBeCloseTo(0.8, 12);
    for (const end of ratioInterval([slice(900)], [slice(1000)])) expect(end).toBeCloseTo(0.9, 12);
  });

  it('holds the ratio of the totals and stays within the per-round ratios when rounds disagree', () => {
    const base = [slice(1000), slice(1000), slice(1000), slice(1000), slice(1000), slice(1000)];
    const row = [slice(700), slice(950), slice(800), slice(1050), slice(750), slice(900)];
    const [low, high] = ratioInterval(row, base);
    const point = ratioOfTotals(row, base);
    expect(low).toBeLessThan(point);
    expect(high).toBeGreaterThan(point);
    expect(low).toBeGreaterThanOrEqual(0.7);
    expect(high).toBeLessThanOrEqual(1.05);
  });

  it('keeps each row with its own round\'s baseline', () => {
    // every round: the row is exactly 0.9x its baseline, while the baselines vary 3-fold; an
    // unpaired resampling would spread the ratio, the paired one cannot
    const base = [slice(1000), slice(3000), slice(2000), slice(1500)];
    const row = base.map((s) => slice(s.completed * 0.9));
    const [low, high] = ratioInterval(row, base);
    expect(high - low).toBeLessThan(1e-12);
  });

  it('narrows as rounds are added, and is the same on every call (seeded)', () => {
    const pattern = [700, 950, 800, 1050];
    const rounds = (k) => Array.from({ length: k }, (_, i) => slice(pattern[i % pattern.length]));
    const bases = (k) => Array.from({ length: k }, () => slice(1000));
    const [low4, high4] = ratioInterval(rounds(4), bases(4));
    const [low32, high32] = ratioInterval(rounds(32), bases(32));
    expect(high32 - low32).toBeLessThan((high4 - low4) / 2);
    expect(ratioInterval(rounds(8), bases(8))).toEqual(ratioInterval(rounds(8), bases(8)));
  });

  it('rejects rows and baselines of different lengths', () => {
    expect(() => ratioInterval([slice(1)], [])).toThrow(TypeError);
    expect(() => ratioInterval([], [])).toThrow(TypeError);
  });
});

describe('differenceInterval (row ratio minus reference ratio, paired by round)', () => {
  it('collapses to the difference when every round agrees, whatever the baselines do', () => {
    // the machine's speed changes 3-fold from round to round, but the row is always 0.85x and the
    // reference 0.90x of the same round's baseline: the difference is -0.05 in every draw
    const base = [slice(1000), slice(3000), slice(2000), slice(1500)];
    const row = base.map((s) => slice(s.completed * 0.85));
    const reference = base.map((s) => slice(s.completed * 0.9));
    const [low, high] = differenceInterval(row, reference, base);
    expect(low).toBeCloseTo(-0.05, 12);
    expect(high).toBeCloseTo(-0.05, 12);
  });

  it('holds the difference of the totals\' ratios, and is seeded', () => {
    const base = Array.from({ length: 6 }, () => slice(1000));
    const row = [slice(700), slice(950), slice(800), slice(1050), slice(750), slice(900)];
    const reference = [slice(800), slice(900), slice(850), slice(1000), slice(800), slice(950)];
    const point = ratioOfTotals(row, base) - ratioOfTotals(reference, base);
    const [low, high] = differenceInterval(row, reference, base);
    expect(low).toBeLessThan(point);
    expect(high).toBeGreaterThan(point);
    expect(differenceInterval(row, reference, base)).toEqual([low, high]);
  });

  it('rejects rows of different lengths', () => {
    expect(() => differenceInterval([slice(1)], [], [slice(1)])).toThrow(TypeError);
    expect(() => differenceInterval([slice(1)], [slice(1)], [])).toThrow(TypeError);
  });
});
