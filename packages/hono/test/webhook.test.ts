import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectWebhookFailures, failingWebhookOptions, newWebhookSecret, recordingClient, revokedEvent, signedWebhook } from '../../../test-support/webhooks.js';
import { clerkWebhook } from '../src/index.js';
import { inProcess, serveOnLoopback, type Mounted } from './helpers.js';

const secret = newWebhookSecret();
let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.close();
  mounted = undefined;
});

const post = (path: string, init: { headers: Record<string, string>; body: string }) => mounted!.send(path, undefined, { method: 'POST', ...init });

describe.each([
  ['@hono/node-server over loopback', serveOnLoopback],
  ['app.request (fetch only)', async (app: Hono) => inProcess(app)],
])('clerkWebhook (hono, %s)', (_name, mount) => {
  it('verifies, invalidates, calls onEvent, 204; with a global body limit and a JSON route as users mount them', async () => {
    const { calls, client } = recordingClient();
    const events: string[] = [];
    const app = new Hono();
    app.use(bodyLimit({ maxSize: 1024 * 1024 }));
    app.post('/webhooks/clerk', clerkWebhook({ signingSecret: secret, client, onEvent: async (e) => void events.push(e.type) }));
    app.post('/api/echo', async (c) => c.json(await c.req.json()));
    mounted = await mount(app);
    expect((await post('/webhooks/clerk', signedWebhook(secret, revokedEvent('sess_h', 'user_h')))).status).toBe(204);
    expect(calls).toEqual(['session:sess_h']);
    expect(events).toEqual(['session.revoked']);
    expect((await post('/webhooks/clerk', signedWebhook(secret, { type: 'user.updated', data: { id: 'user_h' } }, 'webhook'))).status).toBe(204);
    expect(calls).toEqual(['session:sess_h', 'user:user_h']);
    expect(await (await post('/api/echo', { headers: { 'content-type': 'application/json' }, body: '{"a":1}' })).json()).toEqual({ a: 1 });
  });

  it('after middlewares that read c.req.text() or c.req.json() (Hono keeps the text): verified from it; after one that consumed c.req.raw: 500, logged once', async () => {
    const { calls, client } = recordingClient();
    const error = vi.fn();
    const app = new Hono();
    app.use('/text/*', async (c, next) => {
      await c.req.text();
      await next();
    });
    app.use('/json/*', async (c, next) => {
      await c.req.json();
      await next();
    });
    app.use('/raw/*', async (c, next) => {
      await c.req.raw.json();
      await next();
    });
    const webhook = clerkWebhook({ signingSecret: secret, client, logger: { warn: vi.fn(), error } });
    app.post('/text/hook', webhook);
    app.post('/json/hook', webhook);
    app.post('/raw/hook', webhook);
    mounted = await mount(app);
    expect((await post('/text/hook', signedWebhook(secret, revokedEvent()))).status).toBe(204);
    expect((await post('/json/hook', signedWebhook(secret, revokedEvent()))).status).toBe(204);
    expect((await post('/raw/hook', signedWebhook(secret, revokedEvent()))).status).toBe(500);
    expect((await post('/raw/hook', signedWebhook(secret, revokedEvent()))).status).toBe(500);
    expect(error).toHaveBeenCalledTimes(1);
    expect(calls).toEqual(['session:sess_1', 'session:sess_1']);
  });

  it('bad signature: 400 with no body; onEvent throws: 500; oversized: 413', async () => {
    const options = failingWebhookOptions(secret);
    const app = new Hono();
    app.post('/webhooks/clerk', clerkWebhook(options));
    mounted = await mount(app);
    await expectWebhookFailures((init) => post('/webhooks/clerk', init), options);
  });
});
