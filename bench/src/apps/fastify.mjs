import Fastify from 'fastify';
import { clerkPlugin, requireSession } from '@sessiongate/fastify';
import { clientOptions } from './client-options.mjs';

/** GET /api/me: `{ userId }` behind the plugin + `requireSession`, or `{ userId: null }` without auth. */
export async function startFastify(variant, backend) {
  const options = clientOptions(variant, backend);
  const app = Fastify({ logger: false });
  if (options === null) {
    app.get('/api/me', async () => ({ userId: null }));
  } else {
    await app.register(clerkPlugin, options);
    app.get('/api/me', { preHandler: requireSession }, async (request) => ({ userId: request.session.userId }));
  }
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}
