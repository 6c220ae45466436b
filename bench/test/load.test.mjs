import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

// Smoke test of the load runner itself (child processes, IPC, counters, report), on plain
// node:http with tiny slices. Checks counts only, never timings.
it('the load runner measures every row and counts backend calls exactly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-bench-'));
  try {
    const json = join(dir, 'results.json');
    const md = join(dir, 'BENCHMARKS.md');
    await promisify(execFile)(
      process.execPath,
      [fileURLToPath(new URL('../src/load.mjs', import.meta.url)), '--frameworks', 'node:http', '--rounds', '1', '--warmup', '0', '--amount', '40', '--connections', '4', '--sessions', '16', '--burst', '10', '--json', json, '--write', md],
      { timeout: 50_000 },
    );
    const { results, bursts } = JSON.parse(readFileSync(json, 'utf8'));
    expect(results.map((r) => `${r.variant} ${r.mode} ${r.latency}`)).toEqual([
      'baseline explicit 0', 'baseline last-active 0',
      'cached explicit 0', 'cached last-active 0', 'cached explicit 20',
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
      // cached: at most one call per session (16) per TTL
      if (r.variant === 'cached') expect(r.backendCalls).toBeLessThanOrEqual(16);
    }
    expect(bursts.map((b) => [b.mode, b.ok, b.backendCalls])).toEqual([['explicit', 10, 1], ['last-active', 10, 1]]);
    expect(readFileSync(md, 'utf8')).toMatch(/<!-- bench:load:start -->[\s\S]*\| node:http \| adapter, cached \|[\s\S]*<!-- bench:load:end -->/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
