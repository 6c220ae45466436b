/**
 * A 95% interval for a row's ratio to its baseline, by a paired bootstrap over the rounds: draw
 * as many rounds as were run, with replacement (a row and its baseline keep the rounds they were
 * measured in together), and take the ratio of the drawn rows' total req/s to the drawn
 * baselines'; the interval is the 2.5th to 97.5th percentile of those ratios. It says how far a
 * ratio can be trusted given how much the rounds disagree: a target is only met beyond doubt
 * when the whole interval clears it. Deterministic (seeded), so that a report can be re-derived
 * from its JSON.
 *
 * `row` and `baseline` are slices `{ completed, duration }`, one per round, in the same order.
 *
 * @example
 * const [low, high] = ratioInterval(row.slices, baseline.slices);
 */
export function ratioInterval(row, baseline, { resamples = 4000, seed = 0x5e55 } = {}) {
  if (row.length === 0 || baseline.length !== row.length) throw new TypeError('@sessiongate/bench: ratioInterval needs one baseline slice per row slice');
  return pairedInterval([row, baseline], (rates) => rates[0] / rates[1], resamples, seed);
}

/**
 * A 95% interval for the difference between two rows' ratios to the same baseline (`row`'s ratio
 * minus `reference`'s), by the same paired bootstrap: the rounds drawn are drawn for all three
 * rows together, so that what a round's machine state did to all of them cancels. This is what
 * "within 0.03 of the reference row" is judged by: met beyond doubt when the whole interval lies
 * above -0.03.
 *
 * @example
 * const [low, high] = differenceInterval(cached.slices, minimal.slices, baseline.slices);
 */
export function differenceInterval(row, reference, baseline, { resamples = 4000, seed = 0x5e55 } = {}) {
  const n = row.length;
  if (n === 0 || baseline.length !== n || reference.length !== n) throw new TypeError('@sessiongate/bench: differenceInterval needs one reference and one baseline slice per row slice');
  return pairedInterval([row, reference, baseline], (rates) => rates[0] / rates[2] - rates[1] / rates[2], resamples, seed);
}

/**
 * The paired bootstrap both intervals share: `resamples` times, draw as many rounds as were run,
 * with replacement and the same rounds for every series, total each series' drawn slices into a
 * rate (completed / duration), and apply `statistic` to those rates; the 2.5th and 97.5th
 * percentiles of the results.
 */
function pairedInterval(series, statistic, resamples, seed) {
  const n = series[0].length;
  const random = mulberry32(seed);
  const results = new Float64Array(resamples);
  const done = new Float64Array(series.length);
  const time = new Float64Array(series.length);
  const rates = new Array(series.length);
  for (let k = 0; k < resamples; k++) {
    done.fill(0);
    time.fill(0);
    for (let j = 0; j < n; j++) {
      const i = Math.floor(random() * n);
      for (let s = 0; s < series.length; s++) {
        done[s] += series[s][i].completed;
        time[s] += series[s][i].duration;
      }
    }
    for (let s = 0; s < series.length; s++) rates[s] = done[s] / time[s];
    results[k] = statistic(rates);
  }
  results.sort();
  return [results[Math.floor(0.025 * (resamples - 1))], results[Math.ceil(0.975 * (resamples - 1))]];
}

/** A small seeded generator of uniform numbers in [0, 1) (mulberry32). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
