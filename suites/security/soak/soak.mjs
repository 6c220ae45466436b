#!/usr/bin/env node
// Soak test: concurrent clients of several users hammer two apps (Express with the
// verification cache on, Fastify without) while the emulator flaps between healthy and failing.
// Fails (exit 1) on any wrong-user answer, any unhandled error, any valid session answered 401,
// or heap growth past the bound. Loopback only; bounded in time.
//
//   node --expose-gc soak/soak.mjs              (SOAK_SECONDS=60 by default)
//   SOAK_SECONDS=20 node --expose-gc soak/soak.mjs
//
// Imports the built packages (dist): run `npm run build` (or turbo build) first.
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulator } from '@sessiongate/emulator';
import { ClerkExpressRequireSession, getAuth as expressAuth } from '@sessiongate/express';
import { clerkPlugin, requireSession, getAuth as fastifyAuth } from '@sessiongate/fastify';
import express from 'express';
import Fastify from 'fastify';

const num = (name, dflt) => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const SECONDS = num('SOAK_SECONDS', 60);
const CLIENTS = num('SOAK_CLIENTS', 24);
const USERS = num('SOAK_USERS', 8);
const FLAP_MS = num('SOAK_FLAP_MS', 400);
const TIMEOUT_MS = num('SOAK_TIMEOUT_MS', 300);
const MAX_HEAP_GROWTH_MB = num('SOAK_MAX_HEAP_GROWTH_MB', 24);

if (typeof globalThis.gc !== 'function') {
  console.error('soak: run with node --expose-gc (npm run soak does)');
  process.exit(2);
}
// Never hang CI: a hard stop well after the planned end.
setTimeout(() => {
  console.error('soak: hard timeout');
  process.exit(2);
}, (SECONDS + 60) * 1000).unref();

const counts = {
  requests: 0, ok: 0, unavailable: 0, rejected: 0,
  wrongUser: 0, validAnswered401: 0, hostileAccepted: 0, unhandled: 0, serverErrors: 0, clientErrors: 0,
};
const problems = [];
const note = (kind, detail) => {
  if (problems.length < 20) problems.push(`${kind}: ${detail}`);
};
process.on('unhandledRejection', (e) => { counts.unhandled++; note('unhandledRejection', e?.code ?? e?.name ?? typeof e); });
process.on('uncaughtException', (e) => { counts.unhandled++; note('uncaughtException', e?.code ?? e?.name ?? typeof e); });

// The core's misconfiguration/bug warnings are not expected here; anything logged would go nowhere.
const logger = { warn: () => {}, error: () => {} };
const emu = await startEmulator();
const users = [];
for (let i = 0; i < USERS; i++) {
  const u = await emu.createUser({ email: `soak${i}@example.com` });
  const first = await emu.signIn({ userId: u.id });
  let lastActive = first.sessionId;
  // every other user is multi-session: a second session on the same client becomes the last active one
  if (i % 2 === 0) lastActive = (await emu.signIn({ userId: u.id, clientToken: first.clientToken })).sessionId;
  users.push({ userId: u.id, token: first.clientToken, explicitId: first.sessionId, lastActive });
}

const options = { apiKey: emu.apiKey, apiUrl: emu.url, timeoutMs: TIMEOUT_MS, logger };

// Express, cache on (the cache must never serve one user's session to another)
const app = express();
app.get('/me', ClerkExpressRequireSession({ ...options, cache: { ttlMs: 250, max: 1000 } }), (req, res) => {
  const s = expressAuth(req);
  res.json({ userId: s.userId, sessionId: s.sessionId });
});
app.use((err, _req, res, _next) => {
  counts.serverErrors++;
  note('express error', err?.code ?? err?.name);
  res.status(500).end();
});
const expressServer = createServer(app);
await new Promise((r) => expressServer.listen(0, '127.0.0.1', r));
const expressUrl = `http://127.0.0.1:${expressServer.address().port}`;

// Fastify, no cache
const fastify = Fastify({ logger: false });
await fastify.register(clerkPlugin, options);
fastify.get('/me', { preHandler: requireSession }, async (request) => {
  const s = fastifyAuth(request);
  return { userId: s.userId, sessionId: s.sessionId };
});
fastify.setErrorHandler((err, _req, reply) => {
  counts.serverErrors++;
  note('fastify error', err?.code ?? err?.name);
  return reply.code(500).send();
});
await fastify.listen({ port: 0, host: '127.0.0.1' });
const fastifyUrl = `http://127.0.0.1:${fastify.server.address().port}`;

// The emulator flaps: healthy half of the time, otherwise one failure after another.
const FAILURES = [
  { type: 'status', status: 500 },
  { type: 'status', status: 503, headers: { 'retry-after': '1' } },
  { type: 'rate-limit', retryAfter: 2 },
  { type: 'gone' },
  { type: 'hang' },
  { type: 'reset' },
  { type: 'latency', ms: TIMEOUT_MS * 2 },
  { type: 'slow-body', intervalMs: 20 },
  { type: 'raw', status: 200, body: '<html>ok</html>', contentType: 'text/html' },
  { type: 'raw', status: 200, body: '{}', contentType: 'application/json' },
];
let flapIndex = 0;
const flapper = setInterval(() => {
  emu.clearFaults();
  flapIndex++;
  if (flapIndex % 2 === 1) emu.fault('*', FAILURES[(flapIndex >> 1) % FAILURES.length]);
}, FLAP_MS);

async function one(rand) {
  const u = users[Math.floor(rand() * users.length)];
  const base = rand() < 0.5 ? expressUrl : fastifyUrl;
  const hostile = rand() < 0.15;
  const explicit = rand() < 0.5;
  let url = `${base}/me`;
  let expectedSession = explicit ? u.explicitId : u.lastActive;
  if (hostile) {
    // A's token with B's session id: must never be 200
    const other = users[(users.indexOf(u) + 1) % users.length];
    url += `?_clerk_session_id=${other.explicitId}`;
    expectedSession = null;
  } else if (explicit) {
    url += `?_clerk_session_id=${u.explicitId}`;
  }
  const headers = rand() < 0.5 ? { cookie: `__session=${u.token}` } : { authorization: `Bearer ${u.token}` };
  counts.requests++;
  let res;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS * 4 + 5000) });
  } catch (e) {
    counts.clientErrors++;
    note('request failed', e?.cause?.code ?? e?.name);
    return;
  }
  const text = await res.text();
  if (res.status === 200) {
    const body = JSON.parse(text);
    if (hostile) {
      counts.hostileAccepted++;
      note('hostile accepted', `${u.userId} asked for another user's session and got ${body.userId}`);
    } else if (body.userId !== u.userId || body.sessionId !== expectedSession) {
      counts.wrongUser++;
      note('wrong user', `expected ${u.userId}/${expectedSession}, got ${body.userId}/${body.sessionId}`);
    } else counts.ok++;
  } else if (res.status === 503) counts.unavailable++;
  else if (res.status === 401) {
    if (hostile) counts.rejected++;
    else {
      counts.validAnswered401++;
      note('valid session answered 401', `${base === expressUrl ? 'express' : 'fastify'} ${u.userId}`);
    }
  } else {
    counts.serverErrors++;
    note('unexpected status', res.status);
  }
}

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const started = Date.now();
const end = started + SECONDS * 1000;
const warmupEnd = started + Math.min(10_000, SECONDS * 250);
let heapAfterWarmup;
const workers = Array.from({ length: CLIENTS }, async (_, i) => {
  const rand = rng(0x5eed + i);
  while (Date.now() < end) await one(rand);
});
const heapProbe = (async () => {
  await sleep(Math.max(0, warmupEnd - Date.now()));
  globalThis.gc();
  heapAfterWarmup = process.memoryUsage().heapUsed;
})();
await Promise.all([...workers, heapProbe]);
clearInterval(flapper);
emu.clearFaults();
await sleep(TIMEOUT_MS * 2);
globalThis.gc();
await sleep(50);
globalThis.gc();
const heapAtEnd = process.memoryUsage().heapUsed;

await Promise.allSettled([fastify.close(), new Promise((r) => { expressServer.closeAllConnections(); expressServer.close(r); })]);
await emu.close();

const growthMb = (heapAtEnd - heapAfterWarmup) / 2 ** 20;
const summary = {
  seconds: SECONDS, clients: CLIENTS, users: USERS, ...counts,
  heapAfterWarmupMb: +(heapAfterWarmup / 2 ** 20).toFixed(1),
  heapAtEndMb: +(heapAtEnd / 2 ** 20).toFixed(1),
  heapGrowthMb: +growthMb.toFixed(1),
  maxHeapGrowthMb: MAX_HEAP_GROWTH_MB,
};
const failures = [];
if (counts.wrongUser) failures.push('wrong-user answers');
if (counts.hostileAccepted) failures.push("another user's session accepted");
if (counts.unhandled) failures.push('unhandled errors');
if (counts.serverErrors) failures.push('server errors / unexpected statuses');
if (counts.clientErrors) failures.push('requests that got no HTTP answer');
if (counts.validAnswered401) failures.push('valid sessions answered 401');
if (growthMb > MAX_HEAP_GROWTH_MB) failures.push(`heap grew ${growthMb.toFixed(1)} MB`);
if (counts.ok === 0 || counts.unavailable === 0) failures.push('the soak never saw both healthy and failing phases');
console.log(JSON.stringify(summary, null, 2));
for (const p of problems) console.log(`  ${p}`);
if (failures.length) {
  console.error(`soak FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('soak passed');
process.exit(0);
