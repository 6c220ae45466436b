// Runs the package's Playwright suite (e2e/, @playwright/test's own runner) with 4 workers in
// parallel against the demo app, and checks its JSON report: every test passed, and workers
// never shared an emulator. Debian's Chromium drives it (`npx playwright install` cannot
// download browsers here).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IN_CI = Boolean(process.env.CI);
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REPORT = `${ROOT}test-results/playwright.json`;
const CLI = createRequire(import.meta.url).resolve('@playwright/test/cli');

if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(`@sessiongate/testing: SKIPPING the Playwright run: ${CHROMIUM} not found (apt-get install chromium). In CI it runs and fails instead.`);
}

interface Result {
  status: string;
  workerIndex: number;
  parallelIndex: number;
  annotations: { type: string; description?: string }[];
}
interface Spec {
  title: string;
  tests: { results: Result[] }[];
}
interface Suite {
  specs?: Spec[];
  suites?: Suite[];
}

function specsOf(suite: Suite): Spec[] {
  return [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(specsOf)];
}

function runPlaywright(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'test', '--config', 'playwright.config.ts', '--workers=4'], {
      cwd: ROOT,
      env: { ...process.env, CHROMIUM_PATH: CHROMIUM },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

// skip-reason: need Debian's chromium (apt-get install chromium; CI installs it)
describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('the Playwright fixture, 4 workers in parallel on the demo app', () => {
  // A guard against a hung browser, not a speed budget: 4 Chromiums on a busy 2-core machine.
  it('signs a different user in per test, each worker on its own emulator', { timeout: 600_000 }, async () => {
    rmSync(REPORT, { force: true });
    const { code, output } = await runPlaywright();
    expect(existsSync(REPORT), output).toBe(true);
    const report = JSON.parse(readFileSync(REPORT, 'utf8')) as { config: { workers: number }; suites: Suite[]; stats: { expected: number; unexpected: number; skipped: number; flaky: number } };
    expect(report.stats, output).toMatchObject({ expected: 5, unexpected: 0, skipped: 0, flaky: 0 });
    expect(code).toBe(0);
    expect(report.config.workers).toBe(4);

    const results = report.suites.flatMap(specsOf).flatMap((s) => s.tests.flatMap((t) => t.results));
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('passed'));
    const users = results.map((r) => r.annotations.find((a) => a.type === 'user')?.description);
    expect(new Set(users).size).toBe(5 - 1); // carol twice: once per strategy
    // Isolation: a worker keeps one emulator; two workers never share one.
    const emulatorOf = new Map<number, string>();
    for (const r of results) {
      const url = r.annotations.find((a) => a.type === 'emulator')?.description;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulatorOf.get(r.workerIndex) ?? url).toBe(url);
      emulatorOf.set(r.workerIndex, url!);
      expect(r.parallelIndex).toBeGreaterThanOrEqual(0);
      expect(r.parallelIndex).toBeLessThan(4);
    }
    expect(new Set(emulatorOf.values()).size).toBe(emulatorOf.size);
    expect(emulatorOf.size).toBeGreaterThanOrEqual(2);
  });
});
