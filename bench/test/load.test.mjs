import { expect, it } from 'vitest';
import { runScript } from './run-script.mjs';

// Smoke test of the load runner itself (child processes, IPC, counters, report), on plain
// node:http with tiny slices. Checks counts only, never timings.
it('the load runner measures every row and counts backend calls exactly', async () => {
  const { results, bursts, markdown } = await runScript('load.mjs', [
    '--frameworks', 'node:http', '--rounds', '1', '--warmup', '0', '--amount', '40', '--connections', '4', '--sessions', '16', '--burst', '10',
  ]);
  expect(results.map((r) => `${r.variant} ${r.mode} ${r.latency}`)).toEqual([
    'baseline explicit 0', 'baseline last-active 0',
    'cached explicit 0', 'cached last-active 0', 'cached explicit 20',
    'minimal explicit 0', 'minimal last-active 0',
    'network explicit 0', 'network last-active 0', 'network explicit 20', 'network last-active 20',
    'network-no-keepalive explicit 0', 'network-no-keepalive explicit 20',
  ]);
  for (const r of results) {
    expect(r.requests).toBeGreaterThan(0);
    expect(r.non2xx + r.errors).toBe(0);
    if (r.variant === 'baseline') expect(r.backendCalls).toBe(0);
    // uncached, and no two in-flight requests share a token: one backend call per request
    // (give or take the 4 requests in flight when autocannon stops)
    if (r.variant.startsWith('network')) expect(Math.abs(r.backendCalls - r.sent)).toBeLessThanOrEqual(4);
    // cached (and the minimal reference): at most one call per session (16) per TTL
    if (r.variant === 'cached' || r.variant === 'minimal') expect(r.backendCalls).toBeLessThanOrEqual(16);
    // one round: the bootstrap interval is that round's ratio
    expect(r.ratioLow).toBeCloseTo(r.ratio, 9);
    expect(r.ratioHigh).toBeCloseTo(r.ratio, 9);
  }
  expect(bursts.map((b) => [b.mode, b.ok, b.backendCalls])).toEqual([['explicit', 10, 1], ['last-active', 10, 1]]);
  expect(markdown).toMatch(/<!-- bench:load:start -->[\s\S]*\| node:http \| adapter, cached \|[\s\S]*<!-- bench:load:end -->/);
});
