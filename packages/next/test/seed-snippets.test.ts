import type { IncomingMessage, ServerResponse } from 'node:http';
import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeServer, type NodeHandler } from './helpers/node-server.js';

// The seed's Next.js snippets (test/seed/*), run as Pages API routes on a real node:http
// server with the env-bound default client (CLERK_API_KEY / CLERK_API_URL), as the page
// says. The snippets' handlers do not answer (their bodies are comments), so this server
// answers afterwards with what the handler saw; a 401 from requireSession has already ended
// the response.
let emu: Emulator;
let server: Awaited<ReturnType<typeof startNodeServer>>;
const seen: unknown[] = [];

function observe(route: NodeHandler): NodeHandler {
  return async (req: IncomingMessage & { session?: { id: string } | null }, res: ServerResponse) => {
    await route(req, res);
    if (!res.writableEnded) {
      seen.push(req.session);
      res.end(JSON.stringify({ sessionId: req.session ? req.session.id : null }));
    }
  };
}

beforeAll(async () => {
  emu = await startEmulator();
  process.env.CLERK_API_KEY = emu.apiKey;
  process.env.CLERK_API_URL = emu.url;
  const routes: Record<string, NodeHandler> = {};
  const snippets: Record<string, Promise<{ default: NodeHandler }>> = {
    'with-session.js': import('./seed/with-session.js') as Promise<{ default: NodeHandler }>,
    'require-session.js': import('./seed/require-session.js') as Promise<{ default: NodeHandler }>,
    'with-session-ts.ts': import('./seed/with-session-ts.js'),
    'require-session-ts.ts': import('./seed/require-session-ts.js'),
  };
  for (const [name, mod] of Object.entries(snippets)) routes[`/${name}`] = observe((await mod).default);
  server = await startNodeServer(routes);
});

afterAll(async () => {
  await server?.close();
  await emu?.close();
});

describe.each(['js', 'ts'])("the seed's %s snippets", (lang) => {
  const file = (base: string) => (lang === 'js' ? `/${base}.js` : `/${base}-ts.ts`);

  it('withSession: req.session is the Session when signed in, null otherwise', async () => {
    const user = await emu.createUser({ email: `seed-${lang}@example.com` });
    const { clientToken, sessionId } = await emu.signIn({ userId: user.id });
    const signedIn = await fetch(server.url + file('with-session'), { headers: { cookie: `__session=${clientToken}` } });
    expect(await signedIn.json()).toEqual({ sessionId });
    const signedOut = await fetch(server.url + file('with-session'));
    expect(await signedOut.json()).toEqual({ sessionId: null });
  });

  it('requireSession: 401 with no body and the handler is never called', async () => {
    const user = await emu.createUser({ email: `seed-req-${lang}@example.com` });
    const { clientToken, sessionId } = await emu.signIn({ userId: user.id });
    const ok = await fetch(`${server.url}${file('require-session')}?_clerk_session_id=${sessionId}`, {
      headers: { cookie: `__session=${clientToken}` },
    });
    expect(await ok.json()).toEqual({ sessionId });
    const count = seen.length;
    const denied = await fetch(server.url + file('require-session'));
    expect(denied.status).toBe(401);
    expect(await denied.text()).toBe('');
    expect(seen.length).toBe(count);
  });
});
