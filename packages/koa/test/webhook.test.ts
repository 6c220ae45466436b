import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { expectWebhookFailures, failingWebhookOptions, newWebhookSecret, recordingClient, revokedEvent, signedWebhook } from '../../../test-support/webhooks.js';
import { clerkWebhook } from '../src/index.js';
import { listen, type Listening } from './helpers.js';

const secret = newWebhookSecret();
let server: Listening | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const post = (path: string, init: { headers: Record<string, string>; body: string }) => fetch(`${server!.url}${path}`, { method: 'POST', ...init });

/** A Koa app with the webhook route at /webhooks/clerk and a JSON route, in the given order. */
function app(webhook: Koa.Middleware, parserFirst: boolean): Koa {
  const koa = new Koa();
  const route: Koa.Middleware = async (ctx, next) => {
    if (ctx.path === '/webhooks/clerk' && ctx.method === 'POST') return webhook(ctx, next);
    if (ctx.path === '/api/echo') {
      ctx.body = ctx.request.body;
      return;
    }
    return next();
  };
  if (parserFirst) koa.use(bodyParser()).use(route);
  else koa.use(async (ctx, next) => (ctx.path === '/webhooks/clerk' ? route(ctx, next) : next())).use(bodyParser()).use(route);
  return koa;
}

describe('clerkWebhook (koa)', () => {
  it.each([
    ['after a global @koa/bodyparser (its rawBody)', true],
    ['before the body parser (reads the stream)', false],
  ])('%s: verifies, invalidates, calls onEvent, 204; the JSON route still parses', async (_name, parserFirst) => {
    const { calls, client } = recordingClient();
    const events: string[] = [];
    server = await listen(app(clerkWebhook({ signingSecret: secret, client, onEvent: (e) => void events.push(e.type) }), parserFirst));
    const res = await post('/webhooks/clerk', signedWebhook(secret, revokedEvent('sess_k', 'user_k')));
    expect(res.status).toBe(204);
    expect(calls).toEqual(['session:sess_k']);
    expect(events).toEqual(['session.revoked']);
    expect((await post('/webhooks/clerk', signedWebhook(secret, { type: 'user.updated', data: { id: 'user_k' } }, 'webhook'))).status).toBe(204);
    expect(calls).toEqual(['session:sess_k', 'user:user_k']);
    const echo = await post('/api/echo', { headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await echo.json()).toEqual({ a: 1 });
  });

  it('bad signature: 400 with no body; onEvent throws: 500; oversized: 413', async () => {
    const options = failingWebhookOptions(secret);
    server = await listen(app(clerkWebhook(options), false));
    await expectWebhookFailures((init) => post('/webhooks/clerk', init), options);
  });
});
