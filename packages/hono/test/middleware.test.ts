import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import * as adapter from '../src/index.js';
import { clerkMiddleware, requireSession } from '../src/index.js';
import { conformanceMount, describeConformance } from '../../../test-support/conformance.js';

// The conformance routes (test-support/conformance.ts), mounted in Hono's idiom by the shared harness.
const noAuthStateMessage = '@sessiongate/hono: getAuth() found no auth state — register clerkMiddleware() first';

describeConformance({
  name: 'Hono 4, @hono/node-server over loopback',
  noAuthStateMessage,
  mount: conformanceMount({ name: 'hono', adapter, framework: { Hono, createAdaptorServer } }),
});

describeConformance({
  name: 'Hono 4, app.request (fetch only)',
  noAuthStateMessage,
  mount: conformanceMount({ name: 'hono', adapter, framework: { Hono }, inProcess: true }),
});

describe('misconfiguration', () => {
  it('a bad option throws at creation, naming the package', () => {
    expect(() => clerkMiddleware({ timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() => requireSession({ client: {} as never })).toThrow(/client/);
  });

  it('no CLERK_API_KEY at first use reaches onError (500), never signed in or out', async () => {
    const saved = process.env.CLERK_API_KEY;
    delete process.env.CLERK_API_KEY;
    try {
      const hono = new Hono();
      hono.onError((err, c) => c.json({ code: (err as { code?: unknown }).code }, 500));
      hono.get('/me', requireSession(), (c) => c.text('never'));
      const res = await hono.request('/me', { headers: { cookie: '__session=tok_abc' } });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ code: 'ERR_MISSING_API_KEY' });
    } finally {
      if (saved !== undefined) process.env.CLERK_API_KEY = saved;
    }
  });
});
