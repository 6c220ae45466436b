import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Clerk, createFetchTransport, SessiongateError } from '../src/index.js';
import { ANSWERED_MS, NEVER_ANSWERED_MS } from '../../../test-support/deadlines.js';
import { json, startTestBackend } from './helpers/test-backend.js';

// Distinctive values: any leak shows up as a substring match.
const KEY = 'sk_test_SECRETKEYzq7x9w2v';
const TOKEN = 'SECRETTOKENk3j4h5g6f7d8';
const SESSION_ID = 'sess_ok1';

let backend: Awaited<ReturnType<typeof startTestBackend>>;
const printed: string[] = [];

beforeAll(async () => {
  backend = await startTestBackend();
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      printed.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 10 }))).join(' '));
    });
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  await backend.close();
});
afterEach(() => backend.handle((_req, res) => json(res, 200, {})));

function serialise(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    if (current instanceof Error) parts.push(current.message, String(current.stack), String(current));
    parts.push(JSON.stringify(current) ?? '', inspect(current, { depth: 10, showHidden: true }));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

// A backend that echoes the token and key back (a worst case) must still not leak them.
const echo = (status: number) => () =>
  backend.handle((req, res) =>
    json(res, status, {
      errors: [{ code: `bad_${TOKEN}`, message: `token ${TOKEN} key ${KEY}`, long_message: `${req.headers.authorization} ${req.body}` }],
      clerk_trace_id: TOKEN,
    }, { 'x-clerk-trace-id': KEY }),
  );

const scenarios: [string, () => void, (c: Clerk) => Promise<unknown>][] = [
  ['400 echoing secrets', echo(400), (c) => c.sessions.verifySession(SESSION_ID, TOKEN)],
  ['401 echoing secrets', echo(401), (c) => c.clients.verifyClient(TOKEN)],
  ['401 own key rejected (logged)', () => backend.handle((q, r) => json(r, 401, { errors: [{ code: 'authentication_invalid', message: `${q.headers.authorization}`, long_message: TOKEN }] })), (c) => c.sessions.verifySession(SESSION_ID, TOKEN)],
  ['429', () => backend.handle((_q, r) => json(r, 429, { errors: [] }, { 'retry-after': '3' })), (c) => c.clients.verifyClient(TOKEN)],
  ['500 non-JSON', () => backend.handle((_q, r) => r.writeHead(500).end(`oops ${TOKEN}`)), (c) => c.sessions.verifySession(SESSION_ID, TOKEN)],
  ['hang', () => backend.handle(() => {}), (c) => c.sessions.verifySession(SESSION_ID, TOKEN)],
  ['reset', () => backend.handle((_q, r) => r.socket?.destroy()), (c) => c.clients.verifyClient(TOKEN)],
  ['2xx non-JSON', () => backend.handle((_q, r) => r.writeHead(200).end(`<p>${TOKEN}</p>`)), (c) => c.clients.verifyClient(TOKEN)],
  ['2xx wrong shape', () => backend.handle((_q, r) => json(r, 200, { id: TOKEN, status: KEY })), (c) => c.sessions.verifySession(SESSION_ID, TOKEN)],
  ['oversized', () => backend.handle((_q, r) => json(r, 200, { pad: TOKEN.repeat(1000) })), (c) => c.sessions.verifySession(SESSION_ID, TOKEN)],
  ['token passed as id', () => {}, (c) => c.sessions.verifySession(TOKEN, SESSION_ID)],
  ['key passed as id', () => {}, (c) => c.users.getUser(KEY)],
  ['bad token', () => {}, (c) => c.clients.verifyClient(`${TOKEN} `)],
];

describe.each([
  ['undici', undefined],
  ['fetch', createFetchTransport()],
] as const)('no error or log line contains the key or the token (%s)', (_name, transport) => {
  // Only the hang is meant to meet its deadline; every other scenario must get its answer.
  const make = (label: string) =>
    new Clerk({ apiKey: KEY, apiUrl: backend.url, timeoutMs: label === 'hang' ? NEVER_ANSWERED_MS : ANSWERED_MS, maxResponseBytes: 2048, ...(transport ? { transport } : {}) });

  it.each(scenarios)('%s', async (label, arrange, act) => {
    arrange();
    const err = await act(make(label)).then(() => new Error('expected a rejection'), (e: unknown) => e);
    expect(SessiongateError.is(err)).toBe(true);
    const text = serialise(err);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('SECRET');
  });

  it.each(scenarios.slice(0, 10))('authenticateRequest + default console logger: %s', async (label, arrange) => {
    arrange();
    const state = await make(label).authenticateRequest({
      method: 'GET',
      url: `/x?_clerk_session_id=${SESSION_ID}`,
      headers: { cookie: `__session=${TOKEN}` },
    });
    expect(state.status).not.toBe('signed-in');
    expect(inspect(state, { depth: 10 })).not.toContain('SECRET');
  });
});

it('connection refused, missing key and bad options do not leak either', async () => {
  const errors: unknown[] = [];
  errors.push(await new Clerk({ apiKey: KEY, apiUrl: 'http://127.0.0.1:1' }).clients.verifyClient(TOKEN).catch((e: unknown) => e));
  const saved = process.env.CLERK_API_KEY;
  delete process.env.CLERK_API_KEY;
  errors.push(await new Clerk().sessions.verifySession(SESSION_ID, TOKEN).catch((e: unknown) => e));
  if (saved !== undefined) process.env.CLERK_API_KEY = saved;
  for (const bad of [{ apiKey: `${KEY} x` }, { apiKey: KEY, apiUrl: `https://${KEY}@example.com` }, { apiKey: KEY, [TOKEN]: 1 }, { apiKey: KEY, apiVersion: TOKEN }]) {
    try {
      new Clerk(bad as never);
    } catch (e) {
      errors.push(e);
    }
  }
  expect(errors).toHaveLength(6);
  for (const err of errors) {
    expect(SessiongateError.is(err)).toBe(true);
    const text = serialise(err);
    expect(text).not.toContain(KEY);
    // (the unknown-option error names the unknown key, which here is the token: that is the one exception)
    if (!(err as Error).message.includes('unknown option')) expect(text).not.toContain(TOKEN);
  }
});

it('captured console output never contains a secret (and something was logged)', () => {
  // the 'own key rejected' scenario logs a misconfiguration through the default console logger
  expect(printed.length).toBeGreaterThan(0);
  for (const line of printed) {
    expect(line).not.toContain('SECRET');
  }
});
