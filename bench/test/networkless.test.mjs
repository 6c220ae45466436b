import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

// Smoke test of the networkless runner (one app process per round holding every variant, IPC,
// counters, report), with tiny slices. Checks counts only, never timings.
it('the networkless runner measures every variant, with no backend call after the warm-up', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-bench-'));
  try {
    const json = join(dir, 'results.json');
    const md = join(dir, 'BENCHMARKS.md');
    await promisify(execFile)(
      process.execPath,
      [fileURLToPath(new URL('../src/networkless.mjs', import.meta.url)), '--rounds', '2', '--warmup', '1', '--amount', '40', '--connections', '4', '--sessions', '16', '--json', json, '--write', md],
      { timeout: 50_000 },
    );
    const { results } = JSON.parse(readFileSync(json, 'utf8'));
    expect(results.map((r) => r.variant)).toEqual(['baseline', 'networkless-cached', 'networkless-uncached']);
    for (const r of results) {
      // two rounds of 40 requests each (autocannon may count a few more sent than answered)
      expect(r.requests).toBeGreaterThanOrEqual(80);
      expect(r.non2xx).toBe(0);
      // the JWKS is fetched during the warm-up; the measured slices verify every JWT locally
      expect(r.backendCalls).toBe(0);
    }
    expect(readFileSync(md, 'utf8')).toMatch(/<!-- bench:networkless:start -->[\s\S]*\| networkless, token cache \|[\s\S]*<!-- bench:networkless:end -->/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
