import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/index.js';
import { rawRequest } from './helpers/raw-http.js';

// Regression tests: text/plain was parsed and answered 422 although
// the README promises 415, and an over-long path parameter got Fastify's 414 body echoing the path.

describe('errors keep the Backend API shape', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('answers 415 unsupported_media_type to text/plain and other content types, on /v1 and the control plane', async () => {
    const cases = [
      ['/v1/users', 'text/plain', '{"email_address":"a@example.com"}'],
      ['/v1/clients/verify', 'text/plain', 'token=abc'],
      ['/v1/users', 'application/xml', '<a/>'],
      ['/__emulator/users', 'text/plain', '{"email":"b@example.com"}'],
    ] as const;
    for (const [path, type, body] of cases) {
      const res = await rawRequest(emu.url, 'POST', path, { headers: { authorization: `Bearer ${emu.apiKey}`, 'content-type': type }, body });
      expect(res.status, `${path} ${type}`).toBe(415);
      expect(JSON.parse(res.body)).toEqual({
        errors: [{ code: 'unsupported_media_type', message: expect.any(String), long_message: expect.any(String) }],
      });
    }
    expect((await fetch(`${emu.url}/__emulator/users`).then((r) => r.json())) as unknown[]).toEqual([]);
  });

  it('answers an over-long path parameter in the error shape, without echoing the path', async () => {
    const long = `sess_${'A'.repeat(200)}`;
    for (const target of [`/v1/sessions/${long}`, `/v1/sessions/${long}/verify`, `/v1/users/${long}`]) {
      const res = await rawRequest(emu.url, target.endsWith('verify') ? 'POST' : 'GET', target, {
        headers: { authorization: `Bearer ${emu.apiKey}` },
      });
      expect(res.status, target).toBe(414);
      expect(JSON.parse(res.body)).toEqual({
        errors: [{ code: 'request_uri_too_long', message: expect.any(String), long_message: expect.any(String) }],
      });
      expect(res.body).not.toContain('AAAA');
    }
  });

  it('answers an over-long path parameter without a key with 401, as every /v1 path', async () => {
    const res = await rawRequest(emu.url, 'GET', `/v1/users/${'x'.repeat(150)}`);
    expect(res.status).toBe(401);
    expect(res.body).not.toContain('xxxx');
  });
});
