import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { expectWebhookFailures, failingWebhookOptions, newWebhookSecret, recordingClient, revokedEvent, signedWebhook } from '../../../test-support/webhooks.js';
import { clerkWebhooks } from '../src/index.js';

const secret = newWebhookSecret();
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A real server over loopback: the signed bytes travel as a sender sends them. */
async function start(register: (app: FastifyInstance) => unknown): Promise<string> {
  app = Fastify();
  await register(app);
  app.post('/api/echo', async (request) => request.body); // Fastify's own JSON parser
  return app.listen({ port: 0, host: '127.0.0.1' });
}

const post = (url: string, init: { headers: Record<string, string>; body: string }) => fetch(url, { method: 'POST', ...init });

describe('clerkWebhooks (fastify)', () => {
  it('verifies the raw body, invalidates, calls onEvent, 204; the other routes keep the JSON parser', async () => {
    const { calls, client } = recordingClient();
    const events: string[] = [];
    const base = await start((a) => a.register(clerkWebhooks, { signingSecret: secret, client, onEvent: async (e) => void events.push(e.type) }));
    const res = await post(`${base}/webhooks/clerk`, signedWebhook(secret, revokedEvent('sess_f', 'user_f')));
    expect(res.status).toBe(204);
    expect(calls).toEqual(['session:sess_f']);
    expect(events).toEqual(['session.revoked']);
    expect((await post(`${base}/webhooks/clerk`, signedWebhook(secret, { type: 'user.deleted', data: { id: 'user_f', deleted: true } }, 'webhook'))).status).toBe(204);
    expect(calls).toEqual(['session:sess_f', 'user:user_f']);
    const echo = await post(`${base}/api/echo`, { headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await echo.json()).toEqual({ a: 1 });
  });

  it('a custom path under a prefix', async () => {
    const base = await start((a) => a.register(clerkWebhooks, { prefix: '/hooks', path: '/clerk', signingSecret: secret, client: recordingClient().client }));
    expect((await post(`${base}/hooks/clerk`, signedWebhook(secret, revokedEvent()))).status).toBe(204);
  });

  it('bad signature: 400 with no body; onEvent throws: 500; oversized: 413', async () => {
    const options = failingWebhookOptions(secret);
    const base = await start((a) => a.register(clerkWebhooks, options));
    await expectWebhookFailures((init) => post(`${base}/webhooks/clerk`, init), options);
  });
});
