import Fastify from 'fastify';
import { clerkPlugin, requireSession } from '@sessiongate/fastify';
import { startEmulator } from '@sessiongate/emulator';

export const SEED_USERS = [
  { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
  { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' },
];

/**
 * Starts the example app. Without CLERK_API_URL (or `apiUrl`) it first starts an embedded
 * emulator seeded with two users, and points the plugin at it.
 *
 * @param {{ port?: number, host?: string, apiUrl?: string, apiKey?: string, logger?: boolean }} [options]
 * @returns {Promise<{ app: import('fastify').FastifyInstance, url: string, emulator: import('@sessiongate/emulator').Emulator | null, close(): Promise<void> }>}
 */
export async function startApp(options = {}) {
  const {
    port = Number(process.env.PORT ?? 3003),
    host = '127.0.0.1',
    apiUrl = process.env.CLERK_API_URL,
    apiKey = process.env.CLERK_API_KEY,
    logger = false,
  } = options;

  const emulator = apiUrl ? null : await startEmulator({ users: SEED_USERS });
  const clerkOptions = emulator ? { apiUrl: emulator.url, apiKey: emulator.apiKey } : { apiUrl, apiKey };

  const app = Fastify({ logger });
  await app.register(clerkPlugin, clerkOptions);

  // Mandatory session: 401 (no body) when signed out, 503 when the backend cannot decide.
  app.get('/api/me', { preHandler: requireSession }, async (request) => ({
    userId: request.session.userId,
    sessionId: request.session.id,
  }));

  // Optional session: request.session is the Session or null.
  app.get('/api/whoami', async (request) => ({
    signedIn: request.session !== null,
    userId: request.session?.userId ?? null,
  }));

  let url;
  try {
    url = await app.listen({ port, host });
  } catch (error) {
    await emulator?.close();
    throw error;
  }

  return {
    app,
    url,
    emulator,
    async close() {
      await app.close();
      await emulator?.close();
    },
  };
}
