import { expect, it } from 'vitest';
import { runScript } from './run-script.mjs';

// Smoke test of the networkless runner (one app process per round holding every variant, IPC,
// counters, report), with tiny slices. Checks counts only, never timings.
it('the networkless runner measures every variant, with no backend call after the warm-up', async () => {
  const { results, markdown } = await runScript('networkless.mjs', [
    '--rounds', '2', '--warmup', '1', '--amount', '40', '--connections', '4', '--sessions', '16',
  ]);
  expect(results.map((r) => r.variant)).toEqual(['baseline', 'networkless-cached', 'networkless-uncached']);
  for (const r of results) {
    // two rounds of 40 requests each (autocannon may count a few more sent than answered)
    expect(r.requests).toBeGreaterThanOrEqual(80);
    expect(r.non2xx).toBe(0);
    // the JWKS is fetched during the warm-up; the measured slices verify every JWT locally
    expect(r.backendCalls).toBe(0);
  }
  expect(markdown).toMatch(/<!-- bench:networkless:start -->[\s\S]*\| networkless, token cache \|[\s\S]*<!-- bench:networkless:end -->/);
});
