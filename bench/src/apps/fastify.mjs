import Fastify from 'fastify';
import { clerkPlugin, requireSession } from '@sessiongate/fastify';
import { clientOptions, isMinimal } from './client-options.mjs';
import { createMinimalHook } from './minimal-hit.mjs';

/**
 * GET /api/me: `{ userId }` behind the plugin + `requireSession`, behind the `minimal` reference
 * hit (a preHandler), or `{ userId: null }` without auth.
 */
export async function startFastify(variant, backend) {
  const options = clientOptions(variant, backend);
  const app = Fastify({ logger: false });
  if (options === null) {
    app.get('/api/me', async () => ({ userId: null }));
  } else if (isMinimal(variant)) {
    app.decorateRequest('session', null);
    const preHandler = createMinimalHook(options, (request) => request.url, (request, reply, done, session) => {
      if (session === null) return void reply.code(401).send();
      request.session = session;
      done();
    });
    app.get('/api/me', { preHandler }, async (request) => ({ userId: request.session.userId }));
  } else {
    await app.register(clerkPlugin, options);
    app.get('/api/me', { preHandler: requireSession }, async (request) => ({ userId: request.session.userId }));
  }
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close(), server: app.server };
}
