import { expect, it } from 'vitest';
import * as api from '../src/index.js';

it('public exports (an accidental API change fails here)', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "createRedisCacheStore",
    ]
  `);
});
