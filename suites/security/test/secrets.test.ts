import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { Clerk, SessiongateError } from '@sessiongate/core';
import { createAuthenticator } from '@sessiongate/core/adapter';
import { startEmulator, type Emulator } from '@sessiongate/emulator';
import * as sgExpress from '@sessiongate/express';
import * as sgFastify from '@sessiongate/fastify';
import * as sgKoa from '@sessiongate/koa';
import * as sgNext from '@sessiongate/next';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput, type OutputCapture } from './helpers/capture.js';
import { ANSWERED_MS, NEVER_ANSWERED_MS } from '../../../test-support/deadlines.js';

/** Every code of the closed union, read from the core's source so that a new code fails this test until covered. */
const ERROR_CODES = [...new Set(
  /export type SessiongateErrorCode =([^;]+);/.exec(readFileSync(new URL('../../../packages/core/src/errors.ts', import.meta.url), 'utf8'))![1]!.match(/'ERR_[A-Z_]+'/g)!.map((s) => s.slice(1, -1)),
)];

/** A key-shaped secret used where the emulator's key cannot be (options that are refused). */
const FAKE_KEY = 'test_SECRETKEYmustNeverAppear0123456789abcdef';
const WEBHOOK_SECRET = `whsec_${Buffer.from('webhook-secret-never-shown-0123').toString('base64')}`;
const OTHER_WEBHOOK_SECRET = `whsec_${Buffer.from('another-webhook-secret-0123456').toString('base64')}`;

let emu: Emulator;
let capture: OutputCapture;
let token: string;
let otherToken: string;
let closedUrl: string;
const errors: Array<{ label: string; code: string | undefined; error: unknown }> = [];

/** Every way we can think of to turn an error into text. */
function serialise(error: unknown): string {
  const out: string[] = [String(error), inspect(error, { showHidden: true, depth: 12, getters: true })];
  if (error instanceof Error) {
    out.push(error.stack ?? '', error.message);
    out.push(JSON.stringify(error, Object.getOwnPropertyNames(error)));
    let cause: unknown = (error as { cause?: unknown }).cause;
    for (let i = 0; cause !== undefined && i < 5; i++) {
      out.push(inspect(cause, { showHidden: true, depth: 12 }));
      cause = (cause as { cause?: unknown } | null)?.cause;
    }
  }
  return out.join('\n');
}

async function record(label: string, fn: () => unknown): Promise<void> {
  let error: unknown;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error(`${label}: expected an error`);
  errors.push({ label, code: (error as { code?: string }).code, error });
}

beforeAll(async () => {
  capture = captureOutput();
  emu = await startEmulator();
  const user = await emu.createUser({ email: 'secret@example.com' });
  token = (await emu.signIn({ userId: user.id })).clientToken;
  otherToken = (await emu.signIn({ userId: user.id })).clientToken;
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closedUrl = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  await new Promise<void>((r) => s.close(() => r()));
});

afterAll(async () => {
  await emu?.close();
  capture?.restore();
});

describe('no error the core or an adapter can throw carries the API key or a token', () => {
  it('produces every error code, through the core and each adapter', async () => {
    const good = { apiKey: emu.apiKey, apiUrl: emu.url, timeoutMs: ANSWERED_MS, logger: capture.logger };
    const clerk = new Clerk(good);
    // for the two backends that never finish answering: any deadline is met
    const deadlined = new Clerk({ ...good, timeoutMs: NEVER_ANSWERED_MS });
    const key = emu.apiKey;

    // ERR_INVALID_OPTION: secrets inside bad options are never echoed
    await record('apiKey with a space', () => new Clerk({ apiKey: `${key} x` }));
    await record('apiKey with a newline', () => new Clerk({ apiKey: `${FAKE_KEY}\n` }));
    await record('credentials in apiUrl', () => new Clerk({ apiUrl: `http://user:${FAKE_KEY}@127.0.0.1:1` }));
    await record('key in the apiUrl query', () => new Clerk({ apiUrl: `http://127.0.0.1:1/?key=${FAKE_KEY}` }));
    await record('key as timeoutMs', () => new Clerk({ timeoutMs: FAKE_KEY as never }));
    await record('key as apiVersion', () => new Clerk({ apiVersion: FAKE_KEY }));
    await record('key as the options', () => new Clerk(FAKE_KEY as never));
    await record('express: bad apiKey', () => sgExpress.ClerkExpressWithSession({ apiKey: `${FAKE_KEY} ` }));
    await record('express require: key as apiUrl', () => sgExpress.ClerkExpressRequireSession({ apiUrl: FAKE_KEY }));
    await record('koa: bad apiKey', () => sgKoa.clerkMiddleware({ apiKey: `${FAKE_KEY} ` }));
    await record('koa require: key as apiUrl', () => sgKoa.requireSession({ apiUrl: FAKE_KEY }));
    await record('next: bad apiKey', () => sgNext.withSession(() => undefined, { apiKey: `${FAKE_KEY} ` }));
    await record('next: short proxySecret', () => sgNext.requireSession(() => undefined, { proxySecret: FAKE_KEY.slice(0, 20) }));
    await record('fastify: bad apiKey', async () => {
      const app = Fastify();
      try {
        await app.register(sgFastify.clerkPlugin, { apiKey: `${FAKE_KEY} ` });
        await app.ready();
      } finally {
        await app.close().catch(() => undefined);
      }
    });
    const savedEnv = { key: process.env.CLERK_API_KEY, url: process.env.CLERK_API_URL };
    try {
      process.env.CLERK_API_KEY = `${FAKE_KEY} with space`;
      await record('env key with a space', () => new Clerk({ apiUrl: emu.url }).clients.verifyClient(token));
      process.env.CLERK_API_KEY = FAKE_KEY;
      process.env.CLERK_API_URL = `http://u:${FAKE_KEY}@127.0.0.1:1`;
      await record('env url with credentials', () => new Clerk({}).clients.verifyClient(token));

      // ERR_MISSING_API_KEY
      delete process.env.CLERK_API_KEY;
      delete process.env.CLERK_API_URL;
      await record('no key: verifyClient(token)', () => new Clerk({ apiUrl: emu.url }).clients.verifyClient(token));
      await record('no key: authenticate', () => createAuthenticator({ apiUrl: emu.url })({ url: '/', headers: { cookie: `__session=${token}` } }));
    } finally {
      if (savedEnv.key === undefined) delete process.env.CLERK_API_KEY;
      else process.env.CLERK_API_KEY = savedEnv.key;
      if (savedEnv.url === undefined) delete process.env.CLERK_API_URL;
      else process.env.CLERK_API_URL = savedEnv.url;
    }

    // ERR_INVALID_ARGUMENT: a token passed where an id belongs is not echoed
    await record('token as session id', () => clerk.sessions.getSession(token));
    await record('traversal id with the token', () => clerk.sessions.verifySession(`../${token}`, token));
    await record('token as user id', () => clerk.users.getUser(token));
    await record('token as client id', () => clerk.clients.getClient(`${token}/x`));

    // ERR_BACKEND_STATUS: a backend that echoes the token and the key everywhere
    const echo = { message: `bad token ${token}`, long_message: `key ${key} token ${token}`, code: `token_${token}` };
    emu.clearFaults();
    emu.fault('*', { type: 'status', status: 400, body: { errors: [echo, echo], clerk_trace_id: token }, headers: { 'x-clerk-trace-id': token } });
    await record('400 echoing secrets', () => clerk.clients.verifyClient(token));
    emu.clearFaults();
    emu.fault('*', { type: 'status', status: 401, body: { errors: [{ ...echo, code: 'authentication_invalid' }] } });
    await record('401 echoing secrets', () => clerk.sessions.verifySession('sess_abc', token));
    emu.clearFaults();
    emu.fault('*', { type: 'status', status: 500, body: `<html>${key} ${token}</html>` as never });
    await record('500 html echoing secrets', () => clerk.clients.verifyClient(token));
    emu.clearFaults();
    emu.fault('*', { type: 'rate-limit', retryAfter: 3 });
    await record('429', () => clerk.clients.verifyClient(token));
    // ERR_BACKEND_RESPONSE_INVALID
    emu.clearFaults();
    emu.fault('*', { type: 'raw', status: 200, body: `not json ${token} ${key}`, contentType: 'text/plain' });
    await record('non-JSON echoing secrets', () => clerk.clients.verifyClient(token));
    emu.clearFaults();
    emu.fault('*', { type: 'raw', status: 200, body: JSON.stringify({ id: token, [token]: key, status: key }), contentType: 'application/json' });
    await record('wrong shape echoing secrets', () => clerk.sessions.verifySession('sess_abc', token));
    emu.clearFaults();
    emu.fault('*', { type: 'raw', status: 200, body: JSON.stringify({ pad: `${token}`.repeat(40_000) }), contentType: 'application/json' });
    await record('oversized echoing secrets', () => new Clerk({ ...good, maxResponseBytes: 4096 }).clients.verifyClient(token));
    // ERR_BACKEND_TIMEOUT
    emu.clearFaults();
    emu.fault('*', { type: 'hang' });
    await record('hang', () => deadlined.clients.verifyClient(token));
    emu.clearFaults();
    emu.fault('*', { type: 'slow-body', intervalMs: 60_000, body: JSON.stringify({ token }) });
    await record('slow body', () => deadlined.sessions.verifySession('sess_abc', token));
    emu.clearFaults();
    // ERR_BACKEND_UNREACHABLE
    emu.clearFaults();
    emu.fault('*', { type: 'reset' });
    await record('reset', () => clerk.clients.verifyClient(token));
    emu.clearFaults();
    await record('refused', () => new Clerk({ ...good, apiUrl: closedUrl }).clients.verifyClient(token));

    // ERR_NO_AUTH_STATE: a request full of secrets, but no middleware ran
    const req = { method: 'GET', url: '/', headers: { cookie: `__session=${token}`, authorization: `Bearer ${otherToken}` }, state: {} };
    await record('express getAuth', () => sgExpress.getAuth(req as never));
    await record('koa getAuth', () => sgKoa.getAuth(req as never));
    await record('fastify getAuth', () => sgFastify.getAuth(req as never));
    // a callback-style hook: the error goes to done()
    await record('fastify requireSession', () => sgFastify.requireSession(req as never, {} as never, (error?: Error) => {
      if (error) throw error;
    }));
    await record('next getAuth', () => sgNext.getAuth(req));
    // TypeError-like misuse
    await record('authenticateRequest(token)', () => clerk.authenticateRequest(token as never));
    await record('next auth(token)', () => sgNext.auth(token as never));

    // Webhooks: a body full of secrets, signed (or not) with a secret that must not appear either
    const body = JSON.stringify({ type: 'session.revoked', object: 'event', data: { id: 'sess_abc', user_id: token, status: emu.apiKey } });
    const now = Math.floor(Date.now() / 1000);
    const signed = (b: string | Uint8Array, timestamp = now) => ({
      'svix-id': 'msg_1',
      'svix-timestamp': String(timestamp),
      'svix-signature': `v1,${createHmac('sha256', Buffer.from(WEBHOOK_SECRET.slice(6), 'base64')).update(`msg_1.${timestamp}.`).update(b).digest('base64')}`,
    });
    const hook = { signingSecret: WEBHOOK_SECRET };
    await record('webhook missing secret', () => sgExpress.verifyWebhook({ headers: signed(body), body }));
    await record('webhook missing header', () => sgExpress.verifyWebhook({ headers: { 'svix-id': token }, body }, hook));
    await record('webhook bad signature', () => sgExpress.verifyWebhook({ headers: signed(body), body: body.replace('sess_abc', 'sess_abd') }, hook));
    await record('webhook wrong secret', () => sgExpress.verifyWebhook({ headers: signed(body), body }, { signingSecret: OTHER_WEBHOOK_SECRET }));
    await record('webhook stale', () => sgExpress.verifyWebhook({ headers: signed(body, now - 3600), body }, hook));
    await record('webhook too large', () => sgExpress.verifyWebhook({ headers: signed(body), body }, { ...hook, maxBodyBytes: 16 }));
    const notAnEvent = JSON.stringify({ token, key: emu.apiKey });
    await record('webhook payload', () => sgExpress.verifyWebhook({ headers: signed(notAnEvent), body: notAnEvent }, hook));
    const failing = new Clerk({ ...good, cache: { ttlMs: 1000, store: { get: () => undefined, set: () => {}, deleteBySession: () => Promise.reject(new Error(`redis://:${token}@cache`)) } } });
    await record('invalidateSession, store down', () => failing.invalidateSession('sess_abc'));

    if (process.env.SUITE_DEBUG) for (const e of errors) process.stderr.write(`${e.label}: ${e.code} ${String(e.error)}\n`);
    const seen = new Set(errors.map((e) => e.code));
    for (const code of ERROR_CODES) expect(seen.has(code), `no test produces ${code}`).toBe(true);
    expect(ERROR_CODES.length).toBeGreaterThanOrEqual(8);
  });

  it('none of those errors, in any serialisation, contains a secret', () => {
    const secrets = [emu.apiKey, FAKE_KEY, token, otherToken, WEBHOOK_SECRET.slice(6), OTHER_WEBHOOK_SECRET.slice(6)];
    const leaks: string[] = [];
    for (const { label, error } of errors) {
      const text = serialise(error);
      for (const s of secrets) {
        if (text.includes(s) || text.includes(encodeURIComponent(s))) leaks.push(`${label}: ${s === token || s === otherToken ? 'a token' : 'the key'}`);
      }
      if (SessiongateError.is(error)) expect(error.message, label).toContain('@sessiongate/');
    }
    expect(leaks).toEqual([]);
  });

  it('nothing logged while producing them contains a secret', () => {
    expect(capture.findSecrets([emu.apiKey, FAKE_KEY, token, otherToken])).toEqual([]);
  });
});
