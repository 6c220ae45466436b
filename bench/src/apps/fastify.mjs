import Fastify from 'fastify';
import * as adapter from '@sessiongate/fastify';
import { isMinimal } from './client-options.mjs';
import { startApiMe } from './api-me.mjs';
import { createMinimalHook } from './minimal-hit.mjs';

/**
 * GET /api/me: `{ userId }` behind the plugin + `requireSession`, behind the `minimal` reference
 * hit (a preHandler), or `{ userId: null }` without auth.
 */
export function startFastify(variant, backend) {
  return startApiMe(variant, backend, {
    name: 'fastify',
    adapter,
    framework: Fastify,
    appOptions: { logger: false },
    // the reference hit sets request.session itself (no plugin decorates it there)
    setup: isMinimal(variant) ? (app) => app.decorateRequest('session', null) : undefined,
    minimalGuard: (options) =>
      createMinimalHook(options, (request) => request.url, (request, reply, done, session) => {
        if (session === null) return void reply.code(401).send();
        request.session = session;
        done();
      }),
  });
}
