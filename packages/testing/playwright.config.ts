// The package's own Playwright run (started by test/playwright.test.ts): 4 workers in parallel,
// each with its own demo app and emulator, Debian's Chromium (no browser download here).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './e2e',
  // *.pw.ts, not *.spec.ts: vitest (the package's test script) would collect those as its own.
  testMatch: '*.pw.ts',
  fullyParallel: true,
  workers: 4,
  retries: 0,
  reporter: [['json', { outputFile: 'test-results/playwright.json' }]],
  outputDir: 'test-results/playwright',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
  },
});
