import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { bearer } from './api-key.js';
import { applyFault } from './apply-fault.js';
import type { EmulatorContext } from './context.js';
import { clerkErrors } from './errors.js';
import { redactPath, redactQuery, redactUrl } from './request-log.js';
import { backendRoutes } from './routes/backend.js';
import { controlRoutes } from './routes/control.js';
import type { RequestLogEntry } from './types.js';

const CONTROL = '/__emulator';
const entries = new WeakMap<FastifyRequest, RequestLogEntry>();

const isBackend = (path: string) => path === '/v1' || path.startsWith('/v1/');
const isControl = (path: string) => path === CONTROL || path.startsWith(`${CONTROL}/`);
const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};

/** Builds the emulator's Fastify app: request log, faults, API key, CORS, routes. */
export async function buildApp(ctx: EmulatorContext, opts: { logger: boolean; reset: () => void }): Promise<FastifyInstance> {
  const app = Fastify({
    forceCloseConnections: true,
    bodyLimit: 1024 * 1024,
    logger: opts.logger
      ? {
          level: 'info',
          serializers: {
            // Method and redacted URL only: no headers (Authorization, Cookie), no bodies.
            req: (req: { method?: string; url?: string }) => ({ method: req.method, url: redactUrl(req.url ?? '', ctx.isSecret) }),
            res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
          },
        }
      : false,
  });

  await app.register(formbody);
  // JSON where an empty body counts as no body (a POST /revoke without a body must not fail).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      const err = Object.assign(new Error('Body is not valid JSON'), { statusCode: 400, code: 'ERR_BODY_JSON' });
      done(err, undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    const entry: RequestLogEntry = {
      method: request.method,
      path: redactPath(path, ctx.isSecret),
      query: redactQuery((request.query ?? {}) as Record<string, unknown>, ctx.isSecret),
      status: 0,
      at: ctx.store.now(),
    };
    if (request.routeOptions.url !== undefined) entry.route = request.routeOptions.url;
    entries.set(request, ctx.log.add(entry));

    if (isControl(path)) {
      const origin = request.headers.origin;
      if (origin !== undefined) {
        if (!ctx.corsOrigins.has(origin)) {
          return reply.code(403).send(clerkErrors('origin_not_allowed', 'origin not allowed', 'This origin may not call the emulator control plane.'));
        }
        reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
        if (request.method === 'OPTIONS') {
          return reply
            .code(204)
            .header('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS')
            .header('access-control-allow-headers', 'content-type')
            .header('access-control-max-age', '600')
            .send();
        }
      }
      return;
    }

    const fault = ctx.faults.take(request.method, request.routeOptions.url, path);
    if (fault && (await applyFault(ctx, fault, request, reply, entry))) return reply;

    if (isBackend(path)) {
      const key = bearer(request.headers.authorization);
      if (key === undefined || !ctx.checkApiKey(key)) {
        return reply
          .code(401)
          .send(
            clerkErrors(
              'authentication_invalid',
              key === undefined ? 'Authorization header missing' : 'Invalid authentication',
              key === undefined ? 'The Authorization: Bearer <API key> header is missing.' : 'The API key is invalid.',
            ),
          );
      }
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    const entry = entries.get(request);
    if (entry) entry.status = reply.statusCode;
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      return reply.code(500).send(clerkErrors('internal_clerk_error', 'Oops, an unexpected error occurred', 'The emulator failed on this request.'));
    }
    const code =
      status === 415 ? 'unsupported_media_type' : status === 413 ? 'request_body_too_large' : 'request_body_invalid';
    return reply.code(status).send(clerkErrors(code, 'invalid request', `The request could not be parsed (${error.code ?? 'bad request'}).`));
  });

  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send(clerkErrors('resource_not_found', 'not found', 'No such route.')),
  );

  backendRoutes(app, ctx);
  controlRoutes(app, ctx, opts.reset);
  app.options(`${CONTROL}/*`, async (_req, reply) => reply.code(204).send());
  return app;
}
