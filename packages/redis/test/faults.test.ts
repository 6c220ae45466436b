import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Emulator, SignInResult } from '@sessiongate/emulator';
import { ANSWERED_MS } from '../../../test-support/deadlines.js';
import { emulatorWithSessions, me, startApp, type App } from './apps.js';
import { adminClient, eventually, type Admin } from './helpers.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

// Redis failures at a real app: every request still gets the right answer from the Backend API,
// nothing is signed in from a bad value, no 500, and the cache is used again once Redis is back.
let redis: RedisServer;
let admin: Admin;
let emu: Emulator;
let sessions: SignInResult[];
const apps: App[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
  admin = await adminClient(redis.url);
  ({ emu, sessions } = await emulatorWithSessions(4));
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  await admin.flushAll();
});
afterAll(async () => {
  admin?.destroy();
  await emu?.close();
  await redis?.stop();
});

let n = 0;
const app = async (opTimeoutMs = ANSWERED_MS) => {
  const started = await startApp(emu, { url: redis.url, keyPrefix: `f${++n}:`, opTimeoutMs, probeIntervalMs: 50 });
  apps.push(started);
  return started;
};
/** Every session once at `a`: the answers, and the backend calls they cost. */
const round = async (a: App) => {
  const before = emu.backendCalls();
  const answers = [];
  for (const s of sessions) answers.push({ ...(await me(a, s)), expected: s.userId });
  return { right: answers.every((r) => r.status === 200 && r.userId === r.expected), statuses: answers.map((r) => r.status), calls: emu.backendCalls() - before };
};
const unavailable = (a: App) => a.lines.filter((l) => l.includes('Redis is unavailable'));
const back = (a: App) => a.lines.filter((l) => l.includes('Redis answers again'));

it('garbage under a real key: a miss, answered by the Backend API for the right user, and replaced', async () => {
  const a = await app();
  expect(await round(a)).toMatchObject({ right: true, calls: 4 });
  const [key] = await admin.keys(`f${n}:v:*${sessions[0]!.sessionId}`);
  expect(key).toBeDefined();
  const stored = JSON.parse((await admin.get(key!))!) as { entry: { session: object } };
  const forgedOtherVersion = JSON.stringify({ ...stored, v: 2, entry: { ...stored.entry, userId: 'user_evil' } });
  const inconsistent = JSON.stringify({ ...stored, entry: { ...stored.entry, userId: 'user_evil' } });
  for (const garbage of ['garbage', '{"v":1,"entry":{}}', forgedOtherVersion, inconsistent, '\u0000\u00ff']) {
    await admin.set(key!, garbage);
    expect(await me(a, sessions[0]!)).toEqual({ status: 200, userId: sessions[0]!.userId });
  }
  // the last answer was stored again, from the backend: a hit now
  const calls = emu.backendCalls();
  expect(await me(a, sessions[0]!)).toEqual({ status: 200, userId: sessions[0]!.userId });
  expect(emu.backendCalls()).toBe(calls);
  expect(a.lines).toEqual([]);
});

it('Redis killed mid-run and restarted: every request answered by the backend meanwhile, logged once each way, cache used again after', async () => {
  const a = await app(200);
  expect(await round(a)).toMatchObject({ right: true, calls: 4 });
  expect(await round(a)).toMatchObject({ right: true, calls: 0 });
  await redis.kill();
  for (let i = 0; i < 3; i++) expect(await round(a)).toMatchObject({ right: true, calls: 4 });
  expect(unavailable(a)).toHaveLength(1);
  await redis.restart();
  await admin.ping().catch(() => {});
  expect(await eventually(() => back(a).length === 1)).toBe(true);
  // the restarted Redis is empty: one call per session to fill it, then hits
  expect(await round(a)).toMatchObject({ right: true, calls: 4 });
  expect(await round(a)).toMatchObject({ right: true, calls: 0 });
  expect(unavailable(a)).toHaveLength(1);
  expect(back(a)).toHaveLength(1);
});

it('Redis slower than opTimeoutMs (DEBUG SLEEP): misses answered by the backend, not waiting for Redis; recovery after', async () => {
  const a = await app(50);
  expect(await round(a)).toMatchObject({ right: true, calls: 4 });
  const sleeper = await adminClient(redis.url);
  const probe = await adminClient(redis.url);
  try {
    const slept = sleeper.sendCommand(['DEBUG', 'SLEEP', '3']);
    // Redis is asleep once a PING goes unanswered for 500 ms (10x any deadline in this test)
    const asleep = await Promise.race([probe.ping().then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 500))]);
    expect(asleep).toBe(true);
    const during = await round(a);
    expect(during.right).toBe(true);
    expect(unavailable(a)).toHaveLength(1);
    await slept;
    expect(await eventually(() => back(a).length === 1)).toBe(true);
    expect(await round(a)).toMatchObject({ right: true });
  } finally {
    sleeper.destroy();
    probe.destroy();
  }
});

it('Redis refusing writes (maxmemory, noeviction): requests answered by the backend, logged once, stored again once it accepts', async () => {
  const a = await app();
  await admin.configSet({ 'maxmemory-policy': 'noeviction', maxmemory: '1' });
  try {
    expect(await round(a)).toMatchObject({ right: true, calls: 4 });
    expect(await round(a)).toMatchObject({ right: true, calls: 4 });
    expect(a.lines.filter((l) => l.includes('refuses writes (OOM reply)'))).toHaveLength(1);
    expect(unavailable(a)).toHaveLength(0);
  } finally {
    await admin.configSet({ maxmemory: '0' });
  }
  expect(await round(a)).toMatchObject({ right: true, calls: 4 });
  expect(await round(a)).toMatchObject({ right: true, calls: 0 });
  expect(a.lines.filter((l) => l.includes('accepts writes again'))).toHaveLength(1);
});

it('a Redis outage never turns into a signed-out or unavailable answer, nor a signed-in one for a revoked session', async () => {
  const a = await app(200);
  expect(await round(a)).toMatchObject({ right: true });
  await redis.kill();
  try {
    const victim = sessions[3]!;
    await emu.revokeSession(victim.sessionId);
    expect(await me(a, victim)).toEqual({ status: 401, userId: null });
    expect(await me(a, sessions[0]!)).toEqual({ status: 200, userId: sessions[0]!.userId });
  } finally {
    await redis.restart();
  }
});
