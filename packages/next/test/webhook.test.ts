import { NextRequest } from 'next/server.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectWebhookFailures, failingWebhookOptions, newWebhookSecret, recordingClient, revokedEvent, signedWebhook } from '../../../test-support/webhooks.js';
import { webhookApiHandler, webhookHandler } from '../src/index.js';
import { startNodeServer } from './helpers/node-server.js';

const secret = newWebhookSecret();
const request = (init: { headers: Record<string, string>; body: string }) =>
  new NextRequest('http://localhost:3000/api/webhooks/clerk', { method: 'POST', ...init });

describe('webhookHandler (App Router route handler)', () => {
  it('verifies, invalidates, calls onEvent, 204', async () => {
    const { calls, client } = recordingClient();
    const events: string[] = [];
    const POST = webhookHandler({ signingSecret: secret, client, onEvent: async (e) => void events.push(e.type) });
    expect((await POST(request(signedWebhook(secret, revokedEvent('sess_n', 'user_n'))))).status).toBe(204);
    expect((await POST(request(signedWebhook(secret, { type: 'user.deleted', data: { id: 'user_n', deleted: true } }, 'webhook')))).status).toBe(204);
    expect(calls).toEqual(['session:sess_n', 'user:user_n']);
    expect(events).toEqual(['session.revoked', 'user.deleted']);
  });

  it('bad signature: 400 with no body; onEvent throws: 500; oversized: 413', async () => {
    const options = failingWebhookOptions(secret);
    const POST = webhookHandler(options);
    await expectWebhookFailures((init) => POST(request(init)), options);
  });
});

describe('webhookApiHandler (Pages API route, over node:http)', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('with bodyParser: false (the route reads the stream): 204; with Next’s JSON parser having read it: 500, logged once', async () => {
    const { calls, client } = recordingClient();
    const error = vi.fn();
    const handler = webhookApiHandler({ signingSecret: secret, client, logger: { warn: vi.fn(), error } });
    // what Next's API body parser does when the route leaves it on: read the stream and parse it
    const parsed = async (req: import('node:http').IncomingMessage & { body?: unknown }, res: import('node:http').ServerResponse) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      req.body = JSON.parse(text);
      return handler(req, res);
    };
    const server = await startNodeServer({ '/raw': handler, '/parsed': parsed });
    close = server.close;
    const post = (path: string, init: { headers: Record<string, string>; body: string }) => fetch(`${server.url}${path}`, { method: 'POST', ...init });
    expect((await post('/raw', signedWebhook(secret, revokedEvent()))).status).toBe(204);
    expect((await post('/parsed', signedWebhook(secret, revokedEvent()))).status).toBe(500);
    expect((await post('/parsed', signedWebhook(secret, revokedEvent()))).status).toBe(500);
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]![0]).toMatch(/bodyParser: false/);
    expect(calls).toEqual(['session:sess_1']);
  });
});
