// The CommonJS build, as Jest (CommonJS by default) loads it: require() the built package and
// sign a user in. Runs after the build (turbo's test task depends on it).
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

const require = createRequire(import.meta.url);

it('require("@sessiongate/testing") works from CommonJS', async () => {
  const { createTestAuth, authed, TestingError } = require('@sessiongate/testing') as typeof import('../src/index.js');
  expect(typeof authed).toBe('function');
  const auth = await createTestAuth({ users: [{ id: 'user_alice' }] });
  try {
    const alice = await auth.signIn('user_alice');
    expect(alice.cookie).toBe(`__session=${alice.clientToken}`);
    await expect(auth.signIn('user_nobody')).rejects.toSatisfy((e: unknown) => TestingError.is(e) && (e as { code: string }).code === 'ERR_UNKNOWN_USER');
  } finally {
    await auth.close();
  }
});
