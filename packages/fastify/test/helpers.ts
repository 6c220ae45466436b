import { startEmulator, type Emulator } from '@sessiongate/emulator';
import Fastify, { type FastifyInstance } from 'fastify';
import { clerkPlugin, getAuth, requireSession, type ClerkPluginOptions } from '../src/index.js';

export interface Seeded {
  emu: Emulator;
  options: { apiKey: string; apiUrl: string };
  ada: { id: string };
  bob: { id: string };
}

export async function seed(): Promise<Seeded> {
  const emu = await startEmulator();
  const ada = await emu.createUser({ email: 'ada@example.com', firstName: 'Ada' });
  const bob = await emu.createUser({ email: 'bob@example.com', firstName: 'Bob' });
  return { emu, options: { apiKey: emu.apiKey, apiUrl: emu.url }, ada, bob };
}

/** Counts handler runs, so tests can assert a guarded handler never ran. */
export interface Runs {
  me: number;
}

/**
 * An app with the plugin at the root, an optional route (`/whoami`), a guarded one
 * (`/me`, preHandler: requireSession) and one using the route option (`/required`).
 */
export function buildApp(options: ClerkPluginOptions, runs: Runs = { me: 0 }): FastifyInstance {
  const app = Fastify();
  app.register(clerkPlugin, options);
  app.get('/whoami', async (request) => {
    const auth = getAuth(request);
    return {
      session: request.session ? { id: request.session.id, userId: request.session.userId } : null,
      status: auth.status,
      reason: auth.status === 'signed-in' ? null : auth.reason,
    };
  });
  app.get('/me', { preHandler: requireSession }, async (request) => {
    runs.me += 1;
    return { userId: request.session?.userId, sessionId: request.session?.id };
  });
  app.post('/me', { preHandler: requireSession }, async (request) => {
    runs.me += 1;
    return { userId: request.session?.userId, body: request.body };
  });
  app.get('/required', { config: { clerk: 'required' } }, async (request) => {
    runs.me += 1;
    return { userId: request.session?.userId };
  });
  return app;
}

export const cookie = (token: string): { cookie: string } => ({ cookie: `__session=${token}` });
