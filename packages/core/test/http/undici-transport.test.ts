import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clerk, createFetchTransport, createUndiciTransport, SessiongateError, type Transport, type TransportRequest } from '../../src/index.js';
import { ANSWERED_MS, NEVER_ANSWERED_MS } from '../../../../test-support/deadlines.js';
import { json, sessionWire, startTestBackend } from '../helpers/test-backend.js';

let backend: Awaited<ReturnType<typeof startTestBackend>>;
const ports: string[] = [];
const connectionHeaders: (string | undefined)[] = [];
/** Requests whose path holds `hang` never get an answer; the others get a session. */
let arrived: () => void = () => {};
beforeAll(async () => {
  backend = await startTestBackend();
  backend.handle((req, res) => {
    arrived();
    if (req.url.includes('hang')) return;
    ports.push(`${res.socket?.remotePort}`);
    connectionHeaders.push(req.headers.connection);
    json(res, 200, sessionWire());
  });
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (SessiongateError.is(e) ? e.code : `not a SessiongateError: ${String(e)}`),
  );
afterAll(() => backend.close());

const callFiveTimes = async (clerk: Clerk) => {
  ports.length = 0;
  connectionHeaders.length = 0;
  for (let i = 0; i < 5; i++) expect((await clerk.sessions.getSession('sess_abc')).id).toBe('sess_abc');
};

describe('createUndiciTransport', () => {
  it('keeps connections alive by default: sequential calls reuse a socket', async () => {
    const clerk = new Clerk({ apiKey: 'sk_test_x', apiUrl: backend.url, logger: false, transport: createUndiciTransport({ connections: 4 }) });
    await callFiveTimes(clerk);
    expect(new Set(ports).size).toBeLessThanOrEqual(2);
    expect(connectionHeaders.every((h) => h !== 'close')).toBe(true);
  });

  it('keepAlive: false opens a fresh connection for every call (connection: close)', async () => {
    const clerk = new Clerk({ apiKey: 'sk_test_x', apiUrl: backend.url, logger: false, transport: createUndiciTransport({ keepAlive: false }) });
    await callFiveTimes(clerk);
    expect(new Set(ports).size).toBe(5);
    expect(connectionHeaders).toEqual(['close', 'close', 'close', 'close', 'close']);
  });

  it('rejects bad options with a TypeError naming the package', () => {
    expect(() => createUndiciTransport({ connections: 0 })).toThrow(/@sessiongate\/core: createUndiciTransport\(\{ connections \}\)/);
    expect(() => createUndiciTransport({ keepAlive: 'no' as unknown as boolean })).toThrow(TypeError);
    expect(() => createUndiciTransport(null as unknown as object)).toThrow(TypeError);
  });

  it('a call queued behind a hung one (one connection) times out at its own deadline, and the pool serves the next call', async () => {
    const clerk = new Clerk({ apiKey: 'sk_test_x', apiUrl: backend.url, logger: false, timeoutMs: NEVER_ANSWERED_MS, transport: createUndiciTransport({ connections: 1 }) });
    const first = clerk.sessions.getSession('sess_hang1');
    const queued = clerk.sessions.getSession('sess_hang2');
    expect(await Promise.all([codeOf(first), codeOf(queued)])).toEqual(['ERR_BACKEND_TIMEOUT', 'ERR_BACKEND_TIMEOUT']);
    const next = new Clerk({ apiKey: 'sk_test_x', apiUrl: backend.url, logger: false, timeoutMs: ANSWERED_MS, transport: createUndiciTransport({ connections: 1 }) });
    expect((await next.sessions.getSession('sess_abc')).id).toBe('sess_abc');
  });

  it("called with a request of the caller's own, it honours that request's signal", async () => {
    const transport = createUndiciTransport();
    const request = (signal: AbortSignal) => ({ method: 'GET' as const, url: `${backend.url}/v1/sessions/sess_hang`, headers: {}, signal, maxResponseBytes: 4096 });
    const before = backend.requests.length;
    expect(await codeOf(transport(request(AbortSignal.abort())))).toBe('ERR_BACKEND_TIMEOUT');
    expect(backend.requests.length).toBe(before); // already aborted: nothing was sent

    const controller = new AbortController();
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const pending = codeOf(transport(request(controller.signal)));
    await reached;
    arrived = () => {};
    controller.abort();
    expect(await pending).toBe('ERR_BACKEND_TIMEOUT');
  });
});

describe('the request the backend client hands a custom transport', () => {
  it('keeps a working signal through a spread copy (a wrapper adding a header)', async () => {
    const fetchTransport = createFetchTransport();
    const seen: (string | undefined)[] = [];
    const wrapper: Transport = (req) => fetchTransport({ ...req, headers: { ...req.headers, 'x-extra': '1' } });
    backend.handle((req) => void seen.push(req.headers['x-extra'] as string | undefined));
    try {
      const clerk = new Clerk({ apiKey: 'sk_test_x', apiUrl: backend.url, logger: false, timeoutMs: NEVER_ANSWERED_MS, transport: wrapper });
      expect(await codeOf(clerk.sessions.getSession('sess_abc'))).toBe('ERR_BACKEND_TIMEOUT');
      expect(seen).toEqual(['1']);
    } finally {
      backend.handle((_req, res) => json(res, 200, sessionWire()));
    }
  });

  it('has its fields and `signal` as own enumerable properties, signal a configurable getter made on first read', async () => {
    const requests: TransportRequest[] = [];
    const recorder: Transport = (req) => {
      requests.push(req);
      return Promise.resolve({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(sessionWire()) });
    };
    const clerk = new Clerk({ apiKey: 'sk_test_x', apiUrl: backend.url, logger: false, transport: recorder });
    await clerk.sessions.getSession('sess_abc');
    await clerk.sessions.getSession('sess_abc');
    const [first, second] = requests;
    expect(Object.keys(first!)).toEqual(['method', 'url', 'headers', 'body', 'maxResponseBytes', 'signal']);
    const descriptor = Object.getOwnPropertyDescriptor(first, 'signal')!;
    expect(typeof descriptor.get).toBe('function');
    expect(descriptor.enumerable && descriptor.configurable).toBe(true);
    // one getter for every call, not a closure per call
    expect(Object.getOwnPropertyDescriptor(second, 'signal')!.get).toBe(descriptor.get);
    expect(first!.signal).toBeInstanceOf(AbortSignal);
    expect(first!.signal).toBe(first!.signal);
    expect(first!.signal.aborted).toBe(false);
  });
});
