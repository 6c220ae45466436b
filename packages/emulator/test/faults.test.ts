import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorError, startEmulator, type Emulator } from '../src/index.js';

/** Raw HTTP (node:http) so faults that break HTTP itself can be observed. */
function post(emu: Emulator, path: string, body: string, timeoutMs = 15_000) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string; firstByteMs: number; totalMs: number }>(
    (resolve, reject) => {
      const started = Date.now();
      const req = httpRequest(
        `${emu.url}${path}`,
        { method: 'POST', headers: { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json' } },
        (res) => {
          const firstByteMs = Date.now() - started;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, firstByteMs, totalMs: Date.now() - started }));
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })));
      req.on('error', reject);
      req.end(body);
    },
  );
}

describe('fault injection', () => {
  let emu: Emulator;
  let token: string;
  let sessionId: string;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await emu?.close();
  });
  beforeEach(async () => {
    await emu.reset();
    await emu.createUser({ id: 'user_alice' });
    ({ clientToken: token, sessionId } = await emu.signIn({ userId: 'user_alice' }));
  });
  const verify = (timeoutMs?: number) => post(emu, `/v1/sessions/${sessionId}/verify`, JSON.stringify({ token }), timeoutMs);

  it('status: JSON body (default: the spec error shape) and headers, then normal again after `times`', async () => {
    emu.fault('POST /v1/sessions/:id/verify', { type: 'status', status: 503, headers: { 'x-clerk-trace-id': 't1' } }, { times: 1 });
    const r = await verify();
    expect(r.status).toBe(503);
    expect(r.headers['x-clerk-trace-id']).toBe('t1');
    expect(JSON.parse(r.body).errors[0]).toMatchObject({ code: 'emulator_fault' });
    expect((await verify()).status).toBe(200);
    emu.fault('POST /v1/sessions/:session_id/verify', { type: 'status', status: 200, body: { object: 'session', id: 'sess_other', status: 'active' } });
    expect(JSON.parse((await verify()).body).id).toBe('sess_other');
    expect(JSON.parse((await verify()).body).id).toBe('sess_other'); // no `times`: stays
    emu.clearFaults();
    expect(JSON.parse((await verify()).body).id).toBe(sessionId);
  });

  it('raw: non-JSON and HTML bodies with a chosen content type', async () => {
    emu.fault('POST /v1/sessions/:id/verify', { type: 'raw', body: '<html>bad gateway</html>', status: 502 }, { times: 1 });
    const r = await verify();
    expect(r.status).toBe(502);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toBe('<html>bad gateway</html>');
    emu.fault('POST /v1/sessions/:id/verify', { type: 'raw', body: '{"object":"sess', contentType: 'application/json' }, { times: 1 });
    const truncated = await verify();
    expect(truncated.status).toBe(200);
    expect(() => JSON.parse(truncated.body)).toThrow();
  });

  it('latency: delays, then answers normally', async () => {
    emu.fault('POST /v1/sessions/:id/verify', { type: 'latency', ms: 300 }, { times: 1 });
    const r = await verify();
    expect(r.status).toBe(200);
    expect(r.firstByteMs).toBeGreaterThanOrEqual(280);
  });

  it('reset: the socket is destroyed without a response', async () => {
    emu.fault('POST /v1/sessions/:id/verify', { type: 'reset' }, { times: 1 });
    await expect(verify()).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|socket hang up/) });
    expect((await verify()).status).toBe(200);
    expect(emu.requests.filter((e) => e.path.endsWith('/verify')).map((e) => e.status)).toEqual([0, 200]);
  });

  it('hang: never answers (the client times out), and close() still returns', async () => {
    const other = await startEmulator();
    try {
      await other.createUser({ id: 'user_x' });
      other.fault('*', { type: 'hang' });
      const started = Date.now();
      await expect(post(other, '/v1/clients/verify', '{"token":"x"}', 300)).rejects.toMatchObject({ code: 'CLIENT_TIMEOUT' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      // a hanging request is still pending on the server when it closes
      void post(other, '/v1/clients/verify', '{"token":"x"}', 10_000).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await other.close();
    }
  });

  it('slow-body: headers at once, the body dripped', async () => {
    emu.fault('POST /v1/sessions/:id/verify', { type: 'slow-body', intervalMs: 20, body: '{"ok":true}' }, { times: 1 });
    const r = await verify();
    expect(r.status).toBe(200);
    expect(r.body).toBe('{"ok":true}');
    expect(r.totalMs - r.firstByteMs).toBeGreaterThanOrEqual(150); // 11 bytes, 20 ms apart
  });

  it('rate-limit: 429 with Retry-After; gone: 410', async () => {
    emu.fault('POST /v1/sessions/:id/verify', { type: 'rate-limit', retryAfter: 7 }, { times: 1 });
    const r = await verify();
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('7');
    expect(JSON.parse(r.body).errors[0].code).toBe('too_many_requests');
    emu.fault('POST /v1/sessions/:id/verify', { type: 'gone' }, { times: 1 });
    expect((await verify()).status).toBe(410);
  });

  it("'*' applies to every /v1 route but not to the control plane; faults queue in order", async () => {
    emu.fault('*', { type: 'status', status: 500 }, { times: 2 });
    expect((await post(emu, '/v1/clients/verify', JSON.stringify({ token }))).status).toBe(500);
    const control = await fetch(`${emu.url}/__emulator/health`);
    expect(control.status).toBe(200);
    expect((await verify()).status).toBe(500);
    expect((await verify()).status).toBe(200);
    emu.fault('POST /v1/sessions/:id/verify', { type: 'status', status: 502 }, { times: 1 });
    emu.fault('POST /v1/sessions/:id/verify', { type: 'status', status: 504 }, { times: 1 });
    expect([(await verify()).status, (await verify()).status, (await verify()).status]).toEqual([502, 504, 200]);
  });

  it('a fault answers even without the API key (the backend failed first); other routes are untouched', async () => {
    emu.fault('GET /v1/users', { type: 'gone' });
    const r = await fetch(`${emu.url}/v1/users`);
    expect(r.status).toBe(410);
    expect((await verify()).status).toBe(200);
  });

  it('rejects malformed routes and faults with an EmulatorError', () => {
    for (const route of ['/v1/users', 'GET /users', 'FETCH /v1/users', '']) {
      expect(() => emu.fault(route, { type: 'gone' })).toThrow(EmulatorError);
    }
    expect(() => emu.fault('*', { type: 'status', status: 99 } as never)).toThrow(/invalid fault/);
    expect(() => emu.fault('*', { type: 'explode' } as never)).toThrow(EmulatorError);
    expect(() => emu.fault('*', { type: 'gone' }, { times: 0 })).toThrow(EmulatorError);
  });

  it('faults can be set and cleared over the control plane', async () => {
    const set = await fetch(`${emu.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'POST /v1/sessions/:id/verify', fault: { type: 'rate-limit', retryAfter: 2 }, times: 1 }),
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual([{ route: 'POST /v1/sessions/:id/verify', fault: { type: 'rate-limit', retryAfter: 2 }, remaining: 1 }]);
    expect((await verify()).status).toBe(429);
    expect((await verify()).status).toBe(200);
    const bad = await fetch(`${emu.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'nope', fault: { type: 'gone' } }),
    });
    expect(bad.status).toBe(400);
    await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ route: '*', fault: { type: 'gone' } }) });
    expect((await fetch(`${emu.url}/__emulator/faults`, { method: 'DELETE' })).status).toBe(200);
    expect((await verify()).status).toBe(200);
  });
});
