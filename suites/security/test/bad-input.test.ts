import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS, startApp, type RunningApp } from './helpers/apps.js';
import { BAD_INPUT_CASES, type BadInputCase, type Fixture } from './helpers/bad-input-cases.js';
import { captureOutput, type OutputCapture } from './helpers/capture.js';
import { createFixture } from './helpers/fixture.js';
import { rawRequest, type RawResponse } from './helpers/raw-http.js';
import { ANSWERED_MS } from '../../../test-support/deadlines.js';

const FRAMEWORK_REJECTIONS = [400, 404, 414, 431];

let emu: Emulator;
let f: Fixture;
let capture: OutputCapture;
const responses: string[] = [];

beforeAll(async () => {
  capture = captureOutput();
  // The emulator's own request logging is on too: its output is scanned for secrets as well.
  emu = await startEmulator({ logger: true });
  f = await createFixture(emu);
});

afterAll(async () => {
  await emu?.close();
  capture?.restore();
  const secrets = [emu.apiKey, f.tokenA, f.tokenB];
  expect(capture.findSecrets(secrets), 'a secret reached stdout/stderr/console/logger').toEqual([]);
  expect(responses.join('\n').includes(emu.apiKey), 'the API key reached a response').toBe(false);
});

it('has at least 40 table-driven cases', () => {
  expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(40);
  expect(new Set(BAD_INPUT_CASES.map((c) => c.name)).size).toBe(BAD_INPUT_CASES.length);
});

describe.each(ADAPTERS)('%s: hostile requests over real HTTP', (name) => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp(name, { apiKey: emu.apiKey, apiUrl: emu.url, logger: capture.logger, timeoutMs: ANSWERED_MS }, capture);
  });

  afterAll(async () => {
    await app?.close();
    expect(app.errors, 'errors reached the framework error handler').toEqual([]);
  });

  const send = async (c: BadInputCase, route: string): Promise<RawResponse> => {
    const target = c.target ? c.target(f, route) : `${route}${c.suffix ? c.suffix(f) : ''}`;
    const res = await rawRequest(app.url, c.method ?? 'GET', target, c.headers(f));
    responses.push(res.raw);
    return res;
  };

  it.each(BAD_INPUT_CASES.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    for (const route of ['/with', '/require']) {
      const before = emu.backendCalls();
      const res = await send(c, route);
      const calls = emu.backendCalls() - before;
      const where = `${name} ${c.method ?? 'GET'} ${route}: ${c.name}`;

      if (process.env.SUITE_DEBUG) process.stderr.write(`${where} -> ${res.status} ${res.headers['x-auth-reason'] ?? ''} calls=${calls}\n`);
      if (c.frameworkMayReject && FRAMEWORK_REJECTIONS.includes(res.status)) {
        expect(calls, where).toBe(0);
        continue;
      }
      expect(calls, `${where}: backend calls`).toBe(c.calls);
      if (c.expect === 'A' || c.expect === 'B') {
        const user = c.expect === 'A' ? f.userA : f.userB;
        expect(res.status, where).toBe(200);
        expect(res.headers['x-auth-status'], where).toBe('signed-in');
        expect(res.headers['x-auth-user'], where).toBe(user);
        continue;
      }
      // never signed in, whatever the route
      expect(res.headers['x-auth-user'] ?? '', where).toBe('');
      if (route === '/with') {
        expect(res.status, where).toBe(200);
        expect(res.headers['x-auth-status'], where).toBe('signed-out');
        expect(res.headers['x-auth-reason'], where).toBe(c.expect);
      } else {
        expect(res.status, where).toBe(401);
        expect(res.body, `${where}: a 401 has no body`).toBe('');
      }
    }
    // The server still answers, and still answers correctly, afterwards.
    const probe = await rawRequest(app.url, 'GET', '/require', [['Cookie', `__session=${f.tokenA}`]]);
    expect(probe.status).toBe(200);
    expect(probe.headers['x-auth-user']).toBe(f.userA);
  });
});
