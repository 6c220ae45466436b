import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Emulator, SignInResult } from '@sessiongate/emulator';
import { ANSWERED_MS } from '../../../test-support/deadlines.js';
import { emulatorWithSessions, me, startApp, type App } from './apps.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

// Three app servers (Express via @sessiongate/express), each with its own Redis store and
// in-process state, share one redis-server and one emulator: instances of one app.
let redis: RedisServer;
let emu: Emulator;
let sessions: SignInResult[];
const apps: App[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
  ({ emu, sessions } = await emulatorWithSessions(10));
});
afterAll(async () => {
  for (const app of apps.splice(0)) await app.close();
  await emu?.close();
  await redis?.stop();
});

const instances = async (keyPrefix: string, coalesce: boolean) => {
  const started: App[] = [];
  for (let i = 0; i < 3; i++) {
    // opTimeoutMs and the coalescing wait are answers that must come: never reached on a busy machine
    started.push(await startApp(emu, { url: redis.url, keyPrefix, opTimeoutMs: ANSWERED_MS, ...(coalesce && { coalesce: { waitMs: ANSWERED_MS } }) }));
  }
  apps.push(...started);
  return started;
};

it('300 requests over 10 sessions at 3 instances make 10 backend calls (one per session per TTL), each answered for its own user', async () => {
  const [a, b, c] = await instances('spread:', false);
  const before = emu.backendCalls();
  const answers: Array<{ status: number; userId: string | null; expected: string }> = [];
  // 30 rounds: every session once per round, each round at the next instance
  for (let round = 0; round < 30; round++) {
    const app = [a!, b!, c!][round % 3]!;
    answers.push(...(await Promise.all(sessions.map(async (s) => ({ ...(await me(app, s)), expected: s.userId })))));
  }
  expect(answers).toHaveLength(300);
  expect(answers.every((r) => r.status === 200 && r.userId === r.expected)).toBe(true);
  expect(emu.backendCalls() - before).toBe(10);
  // most of the hits came from entries another instance stored
  expect(a!.store.stats().hits + b!.store.stats().hits + c!.store.stats().hits).toBe(290);
});

it('coalesce: true, a simultaneous burst of 300 requests over 10 sessions at 3 instances makes at most 10 backend calls', async () => {
  const [a, b, c] = await instances('burst:', true);
  const before = emu.backendCalls();
  const requests: Array<Promise<{ status: number; userId: string | null; expected: string }>> = [];
  for (let i = 0; i < 300; i++) {
    const s = sessions[i % 10]!;
    requests.push(me([a!, b!, c!][Math.floor(i / 10) % 3]!, s).then((r) => ({ ...r, expected: s.userId })));
  }
  const answers = await Promise.all(requests);
  expect(answers.every((r) => r.status === 200 && r.userId === r.expected)).toBe(true);
  expect(emu.backendCalls() - before).toBeLessThanOrEqual(10);
  expect(emu.backendCalls() - before).toBeGreaterThanOrEqual(1);
});

it('revocation: invalidateSession on instance A, and B and C answer 401 for that session on their next request', async () => {
  const [a, b, c] = await instances('revoke:', false);
  const [victim, other] = [sessions[0]!, sessions[1]!];
  for (const app of [a!, b!, c!]) {
    expect(await me(app, victim)).toEqual({ status: 200, userId: victim.userId });
    expect(await me(app, other)).toEqual({ status: 200, userId: other.userId });
  }
  await emu.revokeSession(victim.sessionId);
  // still cached everywhere: the revocation has not reached the cache yet
  expect((await me(b!, victim)).status).toBe(200);
  const res = await fetch(`${a!.url}/revoke/${victim.sessionId}`, { method: 'POST' });
  expect(res.status).toBe(204);
  expect(await me(b!, victim)).toEqual({ status: 401, userId: null });
  expect(await me(c!, victim)).toEqual({ status: 401, userId: null });
  expect(await me(a!, victim)).toEqual({ status: 401, userId: null });
  // the other session stays cached and signed in
  const calls = emu.backendCalls();
  expect(await me(c!, other)).toEqual({ status: 200, userId: other.userId });
  expect(emu.backendCalls()).toBe(calls);
});
