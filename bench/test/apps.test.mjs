import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '@sessiongate/emulator';
import { FRAMEWORKS, VARIANTS } from '../src/apps/index.mjs';

// Smoke test of the benchmarked apps (not timing-based): every framework in every variant answers
// what the load bench assumes, against the real emulator over loopback.
let emulator;
let alice;
beforeAll(async () => {
  emulator = await startEmulator();
  const user = await emulator.createUser({ email: 'alice@example.test' });
  alice = await emulator.signIn({ userId: user.id });
});
afterAll(() => emulator?.close());

const get = async (url, path, token) => {
  const res = await fetch(new URL(path, url), { headers: token ? { cookie: `__session=${token}` } : {} });
  return { status: res.status, body: await res.text() };
};

describe.each(Object.keys(FRAMEWORKS))('%s app', (framework) => {
  it.each(VARIANTS)('%s variant answers as the load bench expects', async (variant) => {
    const app = await FRAMEWORKS[framework](variant, { apiUrl: emulator.url, apiKey: emulator.apiKey });
    try {
      const explicit = `/api/me?_clerk_session_id=${alice.sessionId}`;
      const calls0 = emulator.backendCalls();
      const first = await get(app.url, explicit, alice.clientToken);
      expect(first.status).toBe(200);
      if (variant === 'baseline') {
        expect(JSON.parse(first.body)).toEqual({ userId: null });
        expect(emulator.backendCalls()).toBe(calls0);
        return;
      }
      expect(JSON.parse(first.body)).toEqual({ userId: alice.userId });
      expect(emulator.backendCalls()).toBe(calls0 + 1);
      expect(JSON.parse((await get(app.url, '/api/me', alice.clientToken)).body)).toEqual({ userId: alice.userId });
      expect(emulator.backendCalls()).toBe(calls0 + 2);
      // cached (and the minimal reference): the same two requests again make no call and answer
      // the same; uncached: one call each
      const cached = variant === 'cached' || variant === 'minimal';
      expect(JSON.parse((await get(app.url, explicit, alice.clientToken)).body)).toEqual({ userId: alice.userId });
      expect(JSON.parse((await get(app.url, '/api/me', alice.clientToken)).body)).toEqual({ userId: alice.userId });
      expect(emulator.backendCalls()).toBe(calls0 + (cached ? 2 : 4));
      // signed out: 401 with no body (as the adapters answer), without a backend call
      expect(await get(app.url, '/api/me')).toEqual({ status: 401, body: '' });
      expect(emulator.backendCalls()).toBe(calls0 + (cached ? 2 : 4));
    } finally {
      await app.close();
    }
  });

  it('network variant: a burst of identical concurrent requests makes one backend call', async () => {
    const app = await FRAMEWORKS[framework]('network', { apiUrl: emulator.url, apiKey: emulator.apiKey });
    emulator.fault('*', { type: 'latency', ms: 50 });
    try {
      for (const path of [`/api/me?_clerk_session_id=${alice.sessionId}`, '/api/me']) {
        const calls0 = emulator.backendCalls();
        const answers = await Promise.all(Array.from({ length: 20 }, () => get(app.url, path, alice.clientToken)));
        expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
        expect(emulator.backendCalls()).toBe(calls0 + 1);
      }
    } finally {
      emulator.clearFaults();
      await app.close();
    }
  });
});
