// The demo app (examples/demo) per worker, and the sessiongate fixture attached to its emulator.
import type { Page } from '@playwright/test';
import { startDemo } from '@sessiongate/example-demo';
import { createTestAuth, expect, test as base } from '../src/playwright.js';

export { expect };
type Demo = Awaited<ReturnType<typeof startDemo>>;
export const test = base.extend<object, { demo: Demo; demoMode: 'backend' | 'networkless' }>({
  demoMode: ['backend', { option: true, scope: 'worker' }],
  demo: [
    async ({ demoMode }, use) => {
      const demo = await startDemo({ port: 0, mode: demoMode });
      try {
        await use(demo);
      } finally {
        await demo.close();
      }
    },
    { scope: 'worker' },
  ],
  // The demo starts its own emulator: attach to it instead of starting another.
  testAuth: [
    async ({ demo, sessiongateOptions }, use) => {
      const auth = await createTestAuth({ url: demo.emulator.url, apiKey: demo.emulator.apiKey, strategy: sessiongateOptions.strategy ?? 'backend' });
      try {
        await use(auth);
      } finally {
        await auth.close();
      }
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ demo }, use) => use(demo.url),
});

/** GET a path from the page, with the browser's cookies. */
export const me = (page: Page, url = '/api/me') =>
  page.evaluate(async (u) => {
    const res = await fetch(u);
    return { status: res.status, body: res.status === 200 ? ((await res.json()) as { userId: string; sessionId: string }) : null };
  }, url);
