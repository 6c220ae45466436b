import { expect, it } from 'vitest';
import * as api from '../src/index.js';

it('public exports (an accidental API change fails here)', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "TestingError",
      "authed",
      "createTestAuth",
      "withSessionId",
    ]
  `);
});

it('public exports of /playwright', async () => {
  const playwright = await import('../src/playwright.js');
  expect(Object.keys(playwright).sort()).toMatchInlineSnapshot(`
    [
      "createTestAuth",
      "expect",
      "signInContext",
      "test",
    ]
  `);
});
