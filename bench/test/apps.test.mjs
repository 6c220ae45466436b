import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '@sessiongate/emulator';
import { startRedisServer } from '../../test-support/redis-server.mjs';
import { FRAMEWORKS, VARIANTS } from '../src/apps/index.mjs';
import { connectRedisAdmin } from '../src/redis-admin.mjs';

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

// The opt-in redis variant (load runner: --variants …,redis): the cached adapter with its entries
// in a real redis-server. A long operation deadline, so that a busy machine never turns a read
// into a miss here (the bench itself runs the store's defaults).
describe.each(['express', 'fastify'])('%s app, redis variant', (framework) => {
  let redis;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis?.stop());

  it('answers from Redis: one backend call per session, shared by a second instance', async () => {
    const backend = { apiUrl: emulator.url, apiKey: emulator.apiKey, redisUrl: redis.url, redisOptions: { opTimeoutMs: 5_000, logger: false } };
    const a = await FRAMEWORKS[framework]('redis', backend);
    const b = await FRAMEWORKS[framework]('redis', backend);
    try {
      const explicit = `/api/me?_clerk_session_id=${alice.sessionId}`;
      const calls0 = emulator.backendCalls();
      expect(await get(a.url, explicit, alice.clientToken)).toEqual({ status: 200, body: JSON.stringify({ userId: alice.userId }) });
      expect(emulator.backendCalls()).toBe(calls0 + 1);
      // the entry is written after the answer: wait until Redis has run the store's write script
      // (its SET; a script runs whole, so the entry and its index sets are there)
      const admin = await connectRedisAdmin(redis.url);
      try {
        for (let i = 0; i < 500 && !((await admin.commandCalls()).set >= 1); i++) await new Promise((r) => setTimeout(r, 20));
      } finally {
        await admin.close();
      }
      for (const app of [a, b, a]) {
        expect(await get(app.url, explicit, alice.clientToken)).toEqual({ status: 200, body: JSON.stringify({ userId: alice.userId }) });
      }
      expect(emulator.backendCalls()).toBe(calls0 + 1);
      expect(a.stats()).toMatchObject({ hits: 2, failures: 0 });
      expect(b.stats()).toMatchObject({ hits: 1, failures: 0 });
      expect(await get(b.url, '/api/me')).toEqual({ status: 401, body: '' });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
