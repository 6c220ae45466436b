import { connect } from 'node:net';
import { expect, it } from 'vitest';
import { runScript } from './run-script.mjs';

// Smoke test of the load runner itself (child processes, IPC, counters, report), on plain
// node:http with tiny slices. Checks counts only, never timings.
it('the load runner measures every row and counts backend calls exactly', async () => {
  const { results, bursts, markdown } = await runScript('load.mjs', [
    '--frameworks', 'node:http', '--rounds', '1', '--warmup', '0', '--amount', '40', '--connections', '4', '--sessions', '16', '--burst', '10', '--pin',
  ]);
  expect(results.map((r) => `${r.variant} ${r.mode} ${r.latency}`)).toEqual([
    'baseline explicit 0', 'baseline last-active 0',
    'cached explicit 0', 'cached last-active 0',
    'minimal explicit 0', 'minimal last-active 0',
    'network explicit 0', 'network last-active 0', 'network explicit 20',
    'network-minimal explicit 0', 'network-minimal last-active 0',
    'network-no-keepalive explicit 0', 'network-no-keepalive explicit 20',
    'networkless last-active 0', 'networkless-uncached last-active 0', 'networkless-minimal last-active 0',
  ]);
  for (const r of results) {
    expect(r.requests).toBeGreaterThan(0);
    expect(r.non2xx + r.errors).toBe(0);
    if (r.variant === 'baseline') expect(r.backendCalls).toBe(0);
    // uncached, and no two in-flight requests share a token: one backend call per request
    // (give or take the 4 requests in flight when autocannon stops)
    if (r.variant.startsWith('network') && !r.variant.startsWith('networkless')) expect(Math.abs(r.backendCalls - r.sent)).toBeLessThanOrEqual(4);
    // networkless: the JWKS, fetched once per app process (this run has no warm-up)
    if (r.variant.startsWith('networkless')) expect(r.backendCalls).toBeLessThanOrEqual(1);
    // cached (and the minimal reference): at most one call per session (16) per TTL
    if (r.variant === 'cached' || r.variant === 'minimal') expect(r.backendCalls).toBeLessThanOrEqual(16);
    // one round: the bootstrap interval is that round's ratio
    expect(r.ratioLow).toBeCloseTo(r.ratio, 9);
    expect(r.ratioHigh).toBeCloseTo(r.ratio, 9);
  }
  expect(bursts.map((b) => [b.mode, b.ok, b.backendCalls])).toEqual([['explicit', 10, 1], ['last-active', 10, 1]]);
  expect(markdown).toMatch(/<!-- bench:load:start -->[\s\S]*\| node:http \| adapter, cached \|[\s\S]*<!-- bench:load:end -->/);
  expect(markdown).toContain('CPUs pinned (`--pin`, `taskset`)');
});

// Timed slices (what `npm run bench` uses): each slice is a window of responses timed by the
// runner, several rounds share an app process, and each adapter row is set against its reference.
// Counts and structure only: how many responses fit in a window depends on the machine.
it('the load runner times short windows, reuses a process for several rounds and pairs rows with their references', async () => {
  const { results } = await runScript('load.mjs', [
    '--frameworks', 'node:http', '--variants', 'baseline,cached,minimal', '--rounds', '3', '--rounds-per-process', '2', '--warmup', '0.2', '--duration', '0.2', '--connections', '4', '--sessions', '16', '--pin',
  ]);
  expect(results.map((r) => `${r.variant} ${r.mode}`)).toEqual(['baseline explicit', 'baseline last-active', 'cached explicit', 'cached last-active', 'minimal explicit', 'minimal last-active']);
  for (const r of results) {
    expect(r.requests).toBeGreaterThan(0);
    expect(r.non2xx + r.errors).toBe(0);
    // the window leaves out the first 2 x connections responses of each run
    expect(r.requests).toBeLessThanOrEqual(r.sent - 3 * 8);
    if (r.variant === 'cached') {
      expect(r.referenceDifferenceLow).toBeLessThanOrEqual(r.referenceDifference);
      expect(r.referenceDifferenceHigh).toBeGreaterThanOrEqual(r.referenceDifference);
    } else expect(r.referenceDifference).toBeUndefined();
    // 16 sessions, one app process for rounds 1-2 and one for round 3: at most one call per
    // session and process for the cached rows
    if (r.variant === 'cached' || r.variant === 'minimal') expect(r.backendCalls).toBeLessThanOrEqual(32);
    if (r.variant === 'baseline') expect(r.backendCalls).toBe(0);
  }
});

// The opt-in Redis rows: the runner starts its own redis-server, counts what reaches it per
// slice and stops it. Counts only: whether a read beats the store's deadline depends on the
// machine, so neither the hits nor the backend calls are pinned beyond one call per request.
it('the load runner measures the Redis rows, counts their Redis round-trips and stops its redis-server', async () => {
  const { results, redisUrl, markdown } = await runScript('load.mjs', [
    '--frameworks', 'express,fastify', '--variants', 'baseline,cached,redis,redis-front', '--rounds', '1', '--warmup', '0', '--amount', '40', '--connections', '4', '--sessions', '16', '--section', 'load-redis',
  ], { timeoutMs: 150_000 });
  const rows = ['baseline explicit 0', 'baseline last-active 0', 'cached explicit 0', 'cached last-active 0', 'redis explicit 0', 'redis last-active 0', 'redis-front explicit 0', 'redis-front last-active 0'];
  expect(results.map((r) => `${r.framework} ${r.variant} ${r.mode} ${r.latency}`)).toEqual([...rows.map((r) => `express ${r}`), ...rows.map((r) => `fastify ${r}`)]);
  for (const r of results) {
    expect(r.requests).toBeGreaterThan(0);
    expect(r.non2xx + r.errors).toBe(0);
    expect(r.backendCalls).toBeLessThanOrEqual(r.sent);
    if (!r.variant.startsWith('redis')) {
      // only the Redis rows' apps talk to Redis (the front-cache store's SUBSCRIBE to its
      // invalidation channel, sent once per process after it connected, may land in any slice)
      const { subscribe = 0, ...others } = r.redisCalls;
      expect(others).toEqual({});
      expect(subscribe).toBeLessThanOrEqual(1);
      expect(r.cachedRatio).toBeUndefined();
      continue;
    }
    // every request reads Redis while it is up (a GET), and Redis counted the commands
    expect(r.redisRoundTrips).toBeGreaterThan(0);
    expect(r.redisRoundTripsPerRequest).toBe(r.redisRoundTrips / r.sent);
    expect(r.redisCommands).toBeGreaterThan(0);
    expect(r.redisCalls.get).toBeGreaterThan(0);
    // compared with the in-process cached row too; one round: the interval is that round's ratio
    expect(r.cachedRatioLow).toBeCloseTo(r.cachedRatio, 9);
    expect(r.cachedRatioHigh).toBeCloseTo(r.cachedRatio, 9);
  }
  expect(markdown).toMatch(/<!-- bench:load-redis:start -->[\s\S]*\| express \| Redis only \| `_clerk_session_id` \|[\s\S]*\| fastify \| with front cache \| last active \|[\s\S]*<!-- bench:load-redis:end -->/);
  // the runner stopped its redis-server: nothing listens on its port any more
  const { port } = new URL(redisUrl);
  await expect(new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) }, () => (socket.destroy(), resolve('listening')));
    socket.on('error', reject);
  })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
}, 160_000);
