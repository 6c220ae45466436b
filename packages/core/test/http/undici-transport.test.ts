import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clerk, createUndiciTransport } from '../../src/index.js';
import { json, sessionWire, startTestBackend } from '../helpers/test-backend.js';

let backend: Awaited<ReturnType<typeof startTestBackend>>;
const ports: string[] = [];
const connectionHeaders: (string | undefined)[] = [];
beforeAll(async () => {
  backend = await startTestBackend();
  backend.handle((req, res) => {
    ports.push(`${res.socket?.remotePort}`);
    connectionHeaders.push(req.headers.connection);
    json(res, 200, sessionWire());
  });
});
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
});
