import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator } from '@sessiongate/emulator';
import { startRedisServer } from '../../test-support/redis-server.mjs';
import { closeServer, listenOnLoopback } from '../../test-support/loopback.mjs';
import { FRAMEWORKS, VARIANTS } from '../src/apps/index.mjs';
import { isNetworkless } from '../src/apps/client-options.mjs';
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

/**
 * A stand-in in front of the emulator that holds every call while closed and forwards it once
 * opened; `held()` counts the calls that reached it since it was last closed.
 */
async function gatedBackend(target) {
  let release;
  let gate;
  let held = 0;
  const server = createServer(async (req, res) => {
    held += 1;
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    await gate;
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    const upstream = await fetch(new URL(req.url, target), { method: req.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  const { url } = await listenOnLoopback(server);
  return {
    url,
    held: () => held,
    close() {
      held = 0;
      gate = new Promise((resolve) => (release = resolve));
    },
    open: () => release?.(),
    stop: () => closeServer(server),
  };
}

describe.each(Object.keys(FRAMEWORKS))('%s app', (framework) => {
  it.each(VARIANTS.filter((v) => !isNetworkless(v)))('%s variant answers as the load bench expects', async (variant) => {
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

  it.each(VARIANTS.filter(isNetworkless))('%s variant verifies session JWTs with one JWKS fetch and no other backend call', async (variant) => {
    const jwt = await emulator.mintSessionToken({ sessionId: alice.sessionId, lifetimeMs: 3_600_000 });
    const app = await FRAMEWORKS[framework](variant, { apiUrl: emulator.url, apiKey: emulator.apiKey });
    try {
      const calls0 = emulator.backendCalls();
      for (let i = 0; i < 3; i++) expect(await get(app.url, '/api/me', jwt)).toEqual({ status: 200, body: JSON.stringify({ userId: alice.userId }) });
      // the JWKS, fetched once by the core (for the reference: by its misses, through the core)
      expect(emulator.backendCalls()).toBe(calls0 + 1);
      // a client token is not a session JWT: 401, no backend call
      expect(await get(app.url, '/api/me', alice.clientToken)).toEqual({ status: 401, body: '' });
      expect(await get(app.url, '/api/me')).toEqual({ status: 401, body: '' });
      expect(emulator.backendCalls()).toBe(calls0 + 1);
    } finally {
      await app.close();
    }
  });

  it('network variant: a burst of identical concurrent requests makes one backend call', async () => {
    // The backend call is held until the app has taken in all 20 requests, so that the burst is
    // concurrent however slowly a busy machine delivers it (a fixed 50 ms latency was not).
    const gate = await gatedBackend(emulator.url);
    const app = await FRAMEWORKS[framework]('network', { apiUrl: gate.url, apiKey: emulator.apiKey });
    let taken = 0;
    const count = () => taken++;
    app.server.on('request', count);
    try {
      for (const path of [`/api/me?_clerk_session_id=${alice.sessionId}`, '/api/me']) {
        taken = 0;
        gate.close();
        const calls0 = emulator.backendCalls();
        const answers = Promise.all(Array.from({ length: 20 }, () => get(app.url, path, alice.clientToken)));
        await vi.waitFor(() => expect([taken, gate.held()]).toEqual([20, 1]), { timeout: 30_000, interval: 5 });
        gate.open();
        expect((await answers).map((a) => a.status)).toEqual(Array(20).fill(200));
        expect(emulator.backendCalls()).toBe(calls0 + 1);
      }
    } finally {
      app.server.off('request', count);
      gate.open();
      await app.close();
      await gate.stop();
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

  it('redis-front variant: a repeated request is answered from the front cache, without a Redis read', async () => {
    const backend = { apiUrl: emulator.url, apiKey: emulator.apiKey, redisUrl: redis.url, redisOptions: { opTimeoutMs: 5_000, logger: false } };
    const app = await FRAMEWORKS[framework]('redis-front', backend);
    const admin = await connectRedisAdmin(redis.url);
    // a session of its own: the other tests' entries are in the same Redis
    const session = await emulator.signIn({ userId: alice.userId });
    try {
      const explicit = `/api/me?_clerk_session_id=${session.sessionId}`;
      const calls0 = emulator.backendCalls();
      expect(await get(app.url, explicit, session.clientToken)).toEqual({ status: 200, body: JSON.stringify({ userId: alice.userId }) });
      const reads0 = (await admin.commandCalls()).get ?? 0;
      for (let i = 0; i < 3; i++) expect(await get(app.url, explicit, session.clientToken)).toEqual({ status: 200, body: JSON.stringify({ userId: alice.userId }) });
      expect((await admin.commandCalls()).get ?? 0).toBe(reads0);
      expect(emulator.backendCalls()).toBe(calls0 + 1);
      expect(app.stats()).toMatchObject({ hits: 3, failures: 0 });
    } finally {
      await admin.close();
      await app.close();
    }
  });
});
