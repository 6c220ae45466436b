import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clerk, SessiongateError } from '../src/index.js';
import { buildUrl } from '../src/http/build-url.js';
import { json, sessionWire, startTestBackend } from './helpers/test-backend.js';

const KEY = 'sk_test_pathSafetyKEY';
const TOKEN = 'pathSafetyTOKEN';
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let clerk: Clerk;

beforeAll(async () => {
  backend = await startTestBackend((_req, res) => json(res, 200, sessionWire()));
  clerk = new Clerk({ apiKey: KEY, apiUrl: backend.url, logger: false });
});
afterAll(() => backend.close());

const hostile: [string, unknown][] = [
  ['path traversal', '../users/x'],
  ['slash and fragment', 'sess_x/revoke#'],
  ['encoded dots', '%2e%2e'],
  ['encoded dots after prefix', 'sess_%2e%2e'],
  ['query', 'sess_x?status=active'],
  ['empty', ''],
  ['prefix only', 'sess_'],
  ['over-long', `sess_${'a'.repeat(129)}`],
  ['unicode', 'sess_ａ'],
  ['whitespace', 'sess_x '],
  ['newline', 'sess_x\n'],
  ['array', ['sess_x']],
  ['object', { toString: () => 'sess_x' }],
  ['undefined', undefined],
  ['number', 42],
];

async function rejectsWithInvalidArgument(p: Promise<unknown>): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(SessiongateError.is(err)).toBe(true);
  expect((err as SessiongateError).code).toBe('ERR_INVALID_ARGUMENT');
}

describe('hostile ids never reach the network', () => {
  it.each(hostile)('%s', async (_label, id) => {
    const before = backend.requests.length;
    const anyId = id as string;
    await rejectsWithInvalidArgument(clerk.sessions.verifySession(anyId, TOKEN));
    await rejectsWithInvalidArgument(clerk.sessions.getSession(anyId));
    await rejectsWithInvalidArgument(clerk.sessions.revokeSession(anyId));
    await rejectsWithInvalidArgument(clerk.clients.getClient(anyId));
    await rejectsWithInvalidArgument(clerk.users.getUser(anyId));
    if (id !== undefined) {
      // (an undefined filter simply means "no filter")
      await rejectsWithInvalidArgument(clerk.sessions.getSessionList({ clientId: anyId }));
      await rejectsWithInvalidArgument(clerk.sessions.getSessionList({ userId: anyId }));
    }
    expect(backend.requests.length).toBe(before);
  });

  it.each([
    ['empty token', ''],
    ['token with space', 'abc def'],
    ['token with newline', 'abc\n'],
    ['over-long token', 'a'.repeat(8193)],
    ['non-string token', 12],
  ])('%s', async (_label, token) => {
    const before = backend.requests.length;
    await rejectsWithInvalidArgument(clerk.sessions.verifySession('sess_abc', token as string));
    await rejectsWithInvalidArgument(clerk.clients.verifyClient(token as string));
    expect(backend.requests.length).toBe(before);
  });

  it('rejects bad list parameters before sending', async () => {
    const before = backend.requests.length;
    await rejectsWithInvalidArgument(clerk.sessions.getSessionList({ status: 'active&user_id=x' }));
    await rejectsWithInvalidArgument(clerk.users.getUserList({ limit: 0 }));
    await rejectsWithInvalidArgument(clerk.users.getUserList({ limit: 1.5 }));
    await rejectsWithInvalidArgument(clerk.users.getUserList({ offset: -1 }));
    await rejectsWithInvalidArgument(clerk.users.getUserList({ emailAddress: [''] }));
    expect(backend.requests.length).toBe(before);
  });

  it('accepts real-looking Clerk ids', async () => {
    await expect(clerk.sessions.getSession('sess_2NNEqL2nrIRdJ194ndJqAHwEfxC')).resolves.toMatchObject({ id: 'sess_abc' });
    expect(backend.requests.at(-1)?.url).toBe('/v1/sessions/sess_2NNEqL2nrIRdJ194ndJqAHwEfxC');
  });

  it('the message never echoes the rejected value', async () => {
    const err = await clerk.sessions.verifySession(TOKEN, 'sess_abc').catch((e: unknown) => e);
    expect((err as Error).message).not.toContain(TOKEN);
    expect((err as Error).message).toContain('@sessiongate/core');
  });
});

describe('buildUrl checks the final path against the template', () => {
  const endpoint = { apiKey: 'k', base: 'http://127.0.0.1:1/v1', basePath: '/v1' };
  it('encodes segments', () => {
    expect(buildUrl(endpoint, ['users', 'a b'])).toBe('http://127.0.0.1:1/v1/users/a%20b');
  });
  it.each([['..'], ['.'], ['%2e%2e']])('refuses a dot segment %s that would be normalised away', (seg) => {
    // %2e%2e is encoded to %252e%252e and therefore kept; the raw dots are normalised and refused
    if (seg === '%2e%2e') expect(buildUrl(endpoint, ['sessions', seg])).toBe('http://127.0.0.1:1/v1/sessions/%252e%252e');
    else expect(() => buildUrl(endpoint, ['sessions', seg, 'verify'])).toThrow(/differs from its template/);
  });

  // buildUrl no longer parses what it built: it must refuse exactly what a URL parser would
  // rewrite. Checked against the parser over every printable ASCII character, alone and in the
  // dot forms, and a few longer segments.
  it('refuses exactly the segments a URL parser would change the path, query or fragment of', () => {
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
    const segments = [
      '', '...', '.%2e', '%2e.', '%2E%2e', '..%2f', '..\\', '.\t.', 'a/../b', 'sess_abc', 'sess abc?x=1#y', 'é', '💥', '\u0000', '\u007f',
      ...printable,
      ...printable.flatMap((c) => [`.${c}`, `${c}.`, `..${c}`, `${c}..`, `%${c}`, `${c}${c}`]),
    ];
    for (const seg of segments) {
      const path = `/v1/sessions/${encodeURIComponent(seg)}/verify`;
      const parsed = new URL(`http://127.0.0.1:1${path}?a=1`);
      const parserKeepsIt = parsed.pathname === path && parsed.search === '?a=1' && parsed.hash === '';
      const build = () => buildUrl(endpoint, ['sessions', seg, 'verify'], new URLSearchParams({ a: '1' }));
      if (parserKeepsIt) expect(build(), JSON.stringify(seg)).toBe(`http://127.0.0.1:1${path}?a=1`);
      else expect(build, JSON.stringify(seg)).toThrow(/differs from its template/);
    }
  });
});
