import express from 'express';
import express4 from 'express4';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectWebhookFailures, failingWebhookOptions, newWebhookSecret, recordingClient, revokedEvent, signedWebhook } from '../../../test-support/webhooks.js';
import { ClerkExpressWebhook, keepRawBody } from '../src/index.js';
import { listen, type Listening } from './helpers.js';

const secret = newWebhookSecret();
let server: Listening | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Express = typeof express;

async function post(path: string, init: { headers: Record<string, string>; body: string }): Promise<Response> {
  return fetch(`${server!.url}${path}`, { method: 'POST', ...init });
}

describe.each([
  ['express 5', express],
  ['express 4', express4 as unknown as Express],
])('ClerkExpressWebhook (%s)', (_name, framework) => {
  it('mounted before a global express.json(): verifies the raw body, invalidates, calls onEvent, 204; other routes still get JSON', async () => {
    const { calls, client } = recordingClient();
    const events: string[] = [];
    const app = framework();
    app.post('/webhooks/clerk', ClerkExpressWebhook({ signingSecret: secret, client, onEvent: async (event) => void events.push(event.type) }));
    app.use(framework.json());
    app.post('/api/echo', (req, res) => res.json(req.body));
    server = await listen(app);

    const res = await post('/webhooks/clerk', signedWebhook(secret, revokedEvent('sess_9', 'user_9')));
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(calls).toEqual(['session:sess_9']);
    expect(events).toEqual(['session.revoked']);

    const user = await post('/webhooks/clerk', signedWebhook(secret, { type: 'user.deleted', data: { id: 'user_9', object: 'user', deleted: true } }, 'webhook'));
    expect(user.status).toBe(204);
    expect(calls).toEqual(['session:sess_9', 'user:user_9']);

    const echo = await post('/api/echo', { headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await echo.json()).toEqual({ a: 1 });
  });

  it('after a global express.json({ verify: keepRawBody }): the kept bytes are verified', async () => {
    const { calls, client } = recordingClient();
    const app = framework();
    app.use(framework.json({ verify: keepRawBody }));
    app.post('/webhooks/clerk', ClerkExpressWebhook({ signingSecret: secret, client }));
    server = await listen(app);
    expect((await post('/webhooks/clerk', signedWebhook(secret, revokedEvent()))).status).toBe(204);
    expect(calls).toEqual(['session:sess_1']);
  });

  it('after a plain global express.json(): 500 and one log line saying how to mount it; never a verification of re-serialized JSON', async () => {
    const error = vi.fn();
    const { calls, client } = recordingClient();
    const app = framework();
    app.use(framework.json());
    app.post('/webhooks/clerk', ClerkExpressWebhook({ signingSecret: secret, client, logger: { warn: vi.fn(), error } }));
    server = await listen(app);
    expect((await post('/webhooks/clerk', signedWebhook(secret, revokedEvent()))).status).toBe(500);
    expect((await post('/webhooks/clerk', signedWebhook(secret, revokedEvent()))).status).toBe(500);
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]![0]).toMatch(/keepRawBody/);
    expect(calls).toEqual([]);
  });

  it('bad signature: 400 with no detail; onEvent throws: 500; oversized: 413', async () => {
    const app = framework();
    const options = failingWebhookOptions(secret);
    app.post('/webhooks/clerk', ClerkExpressWebhook(options));
    app.use(framework.json());
    server = await listen(app);
    await expectWebhookFailures((init) => post('/webhooks/clerk', init), options);
  });
});
