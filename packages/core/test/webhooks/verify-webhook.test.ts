import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { SessiongateError } from '../../src/errors.js';
import { verifyWebhook } from '../../src/webhooks/index.js';
import { newSecret, nowSeconds, signature, signedHeaders } from './sign.js';

const secret = newSecret();
const event = { data: { id: 'sess_1', user_id: 'user_1', status: 'revoked', client_id: 'client_1' }, object: 'event', type: 'session.revoked', timestamp: 1_700_000_000_000, instance_id: 'ins_1' };
// the bytes as a sender wrote them: not what JSON.stringify of the parsed value gives back
const body = `{"data": {"id": "sess_1", "user_id": "user_1", "status": "revoked", "client_id": "client_1"},\n "object": "event", "type": "session.revoked", "timestamp": 1700000000000, "instance_id": "ins_1"}`;

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (!SessiongateError.is(error)) throw error;
    return error.code;
  }
};

afterEach(() => {
  delete process.env.CLERK_WEBHOOK_SIGNING_SECRET;
});

describe('verifyWebhook', () => {
  it('accepts the svix-* headers (the hosted service) and returns the typed event', async () => {
    const verified = await verifyWebhook({ headers: signedHeaders(secret, body), body }, { signingSecret: secret });
    expect(verified).toEqual(event);
    if (verified.type === 'session.revoked') expect(verified.data.user_id).toBe('user_1');
  });

  it('accepts the webhook-* headers (the standard names), bytes, and a WHATWG Request', async () => {
    const headers = signedHeaders(secret, body, { family: 'webhook' });
    expect(await verifyWebhook({ headers, body: new TextEncoder().encode(body) }, { signingSecret: secret })).toEqual(event);
    expect(await verifyWebhook(new Request('http://x/webhooks', { method: 'POST', headers, body }), { signingSecret: secret })).toEqual(event);
    expect(await verifyWebhook({ headers: new Headers(headers), body: Buffer.from(body) }, { signingSecret: secret })).toEqual(event);
  });

  it('reads CLERK_WEBHOOK_SIGNING_SECRET at the call, not at import', async () => {
    expect(await codeOf(verifyWebhook({ headers: signedHeaders(secret, body), body }))).toBe('ERR_WEBHOOK_MISSING_SECRET');
    process.env.CLERK_WEBHOOK_SIGNING_SECRET = secret;
    expect(await verifyWebhook({ headers: signedHeaders(secret, body), body })).toEqual(event);
  });

  const table: Array<[string, () => { headers: Record<string, string>; body: string | Uint8Array }, string, string?]> = [
    ['tampered body', () => ({ headers: signedHeaders(secret, body), body: body.replace('revoked', 'removed') }), 'ERR_WEBHOOK_INVALID_SIGNATURE'],
    ['re-serialized JSON body', () => ({ headers: signedHeaders(secret, body), body: JSON.stringify(JSON.parse(body)) }), 'ERR_WEBHOOK_INVALID_SIGNATURE'],
    ['wrong secret', () => ({ headers: signedHeaders(newSecret(), body), body }), 'ERR_WEBHOOK_INVALID_SIGNATURE'],
    [
      'rotated secret: two signatures, the second valid',
      () => {
        const headers = signedHeaders(secret, body);
        headers['svix-signature'] = `${signature(newSecret(), 'msg_2abc', headers['svix-timestamp']!, body)} ${headers['svix-signature']}`;
        return { headers, body };
      },
      'accepted',
    ],
    [
      'rotated secret: two signatures, neither valid',
      () => {
        const headers = signedHeaders(newSecret(), body);
        headers['svix-signature'] = `${headers['svix-signature']} ${signature(newSecret(), 'msg_2abc', headers['svix-timestamp']!, body)}`;
        return { headers, body };
      },
      'ERR_WEBHOOK_INVALID_SIGNATURE',
    ],
    ['stale timestamp (10 minutes old)', () => ({ headers: signedHeaders(secret, body, { timestamp: nowSeconds() - 600 }), body }), 'ERR_WEBHOOK_TIMESTAMP'],
    ['future timestamp (10 minutes ahead)', () => ({ headers: signedHeaders(secret, body, { timestamp: nowSeconds() + 600 }), body }), 'ERR_WEBHOOK_TIMESTAMP'],
    ['timestamp in milliseconds', () => ({ headers: signedHeaders(secret, body, { timestamp: Date.now() }), body }), 'ERR_WEBHOOK_TIMESTAMP'],
    [
      'timestamp that is not a number',
      () => {
        const headers = signedHeaders(secret, body);
        headers['svix-timestamp'] = `${headers['svix-timestamp']}abc`;
        return { headers, body };
      },
      'ERR_WEBHOOK_TIMESTAMP',
    ],
    ...(['id', 'timestamp', 'signature'] as const).map(
      (name) =>
        [
          `missing svix-${name}`,
          () => {
            const headers = signedHeaders(secret, body);
            delete headers[`svix-${name}`];
            return { headers, body };
          },
          'ERR_WEBHOOK_MISSING_HEADER',
        ] as [string, () => { headers: Record<string, string>; body: string }, string],
    ),
    [
      'headers of the two families mixed',
      () => {
        const s = signedHeaders(secret, body);
        return { headers: { 'webhook-id': s['svix-id']!, 'svix-timestamp': s['svix-timestamp']!, 'svix-signature': s['svix-signature']! }, body };
      },
      'ERR_WEBHOOK_MISSING_HEADER',
    ],
    ['no headers at all', () => ({ headers: {}, body }), 'ERR_WEBHOOK_MISSING_HEADER'],
    ['oversized body (string)', () => ({ headers: signedHeaders(secret, 'x'.repeat(2048)), body: 'x'.repeat(2048) }), 'ERR_WEBHOOK_BODY_TOO_LARGE', 'small'],
    ['oversized body (bytes)', () => ({ headers: signedHeaders(secret, 'é'.repeat(600)), body: Buffer.from('é'.repeat(600)) }), 'ERR_WEBHOOK_BODY_TOO_LARGE', 'small'],
    [
      'non-UTF-8 body, correctly signed',
      () => {
        const bytes = Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
        return { headers: signedHeaders(secret, bytes), body: bytes };
      },
      'ERR_WEBHOOK_PAYLOAD_INVALID',
    ],
    [
      'non-UTF-8 body signed as bytes, sent through a string decode',
      () => {
        const bytes = Uint8Array.from([...Buffer.from(body.slice(0, -1)), 0xc3, 0x7d]);
        return { headers: signedHeaders(secret, bytes), body: Buffer.from(bytes).toString('utf8') };
      },
      'ERR_WEBHOOK_INVALID_SIGNATURE',
    ],
    ['signed JSON that is not an event', () => ({ headers: signedHeaders(secret, '{"hello":1}'), body: '{"hello":1}' }), 'ERR_WEBHOOK_PAYLOAD_INVALID'],
    ['signed empty body', () => ({ headers: signedHeaders(secret, ''), body: '' }), 'ERR_WEBHOOK_PAYLOAD_INVALID'],
  ];

  it.each(table)('%s → %s', async (_name, make, expected, limit) => {
    const { headers, body: sent } = make();
    const options = { signingSecret: secret, ...(limit === 'small' && { maxBodyBytes: 1024 }) };
    expect(await codeOf(verifyWebhook({ headers, body: sent }, options))).toBe(expected);
  });

  it('an oversized Request is refused by its Content-Length unread, or while streaming without one', async () => {
    const big = 'x'.repeat(4096);
    const headers = signedHeaders(secret, big);
    expect(await codeOf(verifyWebhook(new Request('http://x/', { method: 'POST', headers, body: big }), { signingSecret: secret, maxBodyBytes: 1024 }))).toBe(
      'ERR_WEBHOOK_BODY_TOO_LARGE',
    );
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512));
      },
    });
    const endless = new Request('http://x/', { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit);
    expect(await codeOf(verifyWebhook(endless, { signingSecret: secret, maxBodyBytes: 1024 }))).toBe('ERR_WEBHOOK_BODY_TOO_LARGE');
    expect(pulled).toBeLessThan(10);
  });

  it('a parsed body (an object) is a TypeError that says to pass the raw body', async () => {
    await expect(verifyWebhook({ headers: signedHeaders(secret, body), body: JSON.parse(body) }, { signingSecret: secret })).rejects.toThrow(/raw body/);
  });

  it('a secret that is not whsec_ + base64 is ERR_INVALID_OPTION, and the message holds no secret', async () => {
    const bad = 'whsec_%%%not-base64%%%';
    const error = await verifyWebhook({ headers: signedHeaders(secret, body), body }, { signingSecret: bad }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_INVALID_OPTION' });
    expect((error as Error).message).not.toContain('not-base64');
  });

  it('no message contains the secret, the body or a signature', async () => {
    const headers = signedHeaders(newSecret(), body);
    const messages: string[] = [];
    for (const [, make, , limit] of table) {
      const { headers: h, body: b } = make();
      await verifyWebhook({ headers: h, body: b }, { signingSecret: secret, ...(limit === 'small' && { maxBodyBytes: 1024 }) }).catch((e: Error) =>
        messages.push(`${e.message} ${String(e.stack)} ${JSON.stringify(e)}`),
      );
    }
    await verifyWebhook({ headers, body }).catch((e: Error) => messages.push(e.message));
    expect(messages.length).toBeGreaterThan(10);
    const secretKey = secret.slice('whsec_'.length);
    for (const message of messages) {
      expect(message).not.toContain(secretKey);
      expect(message).not.toContain('sess_1');
      expect(message).not.toContain(headers['svix-signature']!.slice(3));
      expect(message).not.toMatch(/v1,[A-Za-z0-9+/]{20}/);
    }
  });

  it('event types: known ones typed, unknown ones (or malformed data) kept raw in the unknown variant', async () => {
    const send = (payload: object) => {
      const raw = JSON.stringify(payload);
      return verifyWebhook({ headers: signedHeaders(secret, raw), body: raw }, { signingSecret: secret });
    };
    expect(await send({ type: 'user.deleted', object: 'event', data: { id: 'user_1', object: 'user', deleted: true } })).toMatchObject({
      type: 'user.deleted',
      data: { id: 'user_1', deleted: true },
    });
    expect(await send({ type: 'email.created', object: 'event', data: { id: 'ema_1', x: [1] } })).toEqual({
      type: 'unknown',
      eventType: 'email.created',
      object: 'event',
      data: { id: 'ema_1', x: [1] },
    });
    expect(await send({ type: 'session.revoked', object: 'event', data: { id: 'sess_1' } })).toMatchObject({ type: 'unknown', eventType: 'session.revoked' });
    expect(await send({ type: 'organizationMembership.deleted', object: 'event', data: { id: 'orgmem_1', public_user_data: { user_id: 'user_1' } } })).toMatchObject({
      type: 'organizationMembership.deleted',
    });
    expect(await codeOf(send({ type: 'user.created', object: 'nope', data: {} }))).toBe('ERR_WEBHOOK_PAYLOAD_INVALID');
  });

  it('property: any single-byte change to the id, the timestamp or the body is refused', async () => {
    const timestamp = String(nowSeconds());
    const id = 'msg_2Nq8ZzWbR3kVx';
    const bytes = new TextEncoder().encode(body);
    const headers = { 'svix-id': id, 'svix-timestamp': timestamp, 'svix-signature': signature(secret, id, timestamp, bytes) };
    expect(await codeOf(verifyWebhook({ headers, body: bytes }, { signingSecret: secret }))).toBe('accepted');

    const field = fc.constantFrom('id', 'timestamp', 'body');
    await fc.assert(
      fc.asyncProperty(field, fc.nat(), fc.integer({ min: 1, max: 255 }), async (which, at, delta) => {
        if (which === 'body') {
          const changed = bytes.slice();
          const i = at % changed.length;
          changed[i] = (changed[i]! + delta) % 256;
          return (await codeOf(verifyWebhook({ headers, body: changed }, { signingSecret: secret }))) !== 'accepted';
        }
        const value = which === 'id' ? id : timestamp;
        const i = at % value.length;
        const changedValue = value.slice(0, i) + String.fromCharCode((value.charCodeAt(i) + delta) % 256) + value.slice(i + 1);
        const changedHeaders = { ...headers, [`svix-${which}`]: changedValue };
        return (await codeOf(verifyWebhook({ headers: changedHeaders, body: bytes }, { signingSecret: secret }))) !== 'accepted';
      }),
      { numRuns: 500 },
    );
  });
});
