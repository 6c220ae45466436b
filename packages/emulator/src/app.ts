import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { bearer } from './api-key.js';
import { applyFault } from './apply-fault.js';
import type { EmulatorContext } from './context.js';
import { clerkErrors } from './errors.js';
import { redactPath, redactQuery, redactUrl } from './request-log.js';
import { CONTROL_PREFIX, normalisePath, routeGroup, targetGroup, type RouteGroup } from './route-group.js';
import { backendRoutes } from './routes/backend.js';
import { controlRoutes } from './routes/control.js';
import type { RequestLogEntry } from './types.js';

const entries = new WeakMap<FastifyRequest, RequestLogEntry>();

const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};

const HOST_REFUSED = JSON.stringify(
  clerkErrors(
    'host_not_allowed',
    'host not allowed',
    'The emulator answers only its loopback address (127.0.0.1, localhost, [::1] with its port) and the hosts listed in allowedHosts / --allowed-host.',
  ),
);

/**
 * The node:http server, with the Host check in front of Fastify: a request whose `Host` the
 * emulator does not answer (DNS rebinding) is refused with 403 before any routing or hook.
 */
function hostCheckedServer(ctx: EmulatorContext) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
    createServer((req, res) => {
      if (ctx.hosts.allows(req.headers.host)) return handler(req, res);
      res.writeHead(403, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(HOST_REFUSED) });
      res.end(HOST_REFUSED);
    });
}

/**
 * The access rule of a request's group, or `undefined` when it may proceed: the Backend API
 * wants the key, the control plane refuses browser origins outside `corsOrigins` (and answers
 * their preflight). Sends the refusal itself.
 */
function denyAccess(ctx: EmulatorContext, group: RouteGroup, request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  if (group === 'control') {
    const origin = request.headers.origin;
    if (origin === undefined) return undefined;
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
    return undefined;
  }
  if (group === 'backend') {
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
  return undefined;
}

/** Builds the emulator's Fastify app: Host check, request log, faults, API key, CORS, routes. */
export async function buildApp(ctx: EmulatorContext, opts: { logger: boolean; reset: () => void }): Promise<FastifyInstance> {
  const logEntry = (request: FastifyRequest, group: RouteGroup): RequestLogEntry => {
    const entry: RequestLogEntry = {
      method: request.method,
      path: redactPath(pathOf(request.url), ctx.isSecret),
      query: redactQuery((request.query ?? {}) as Record<string, unknown>, ctx.isSecret),
      status: 0,
      at: ctx.store.now(),
    };
    if (request.routeOptions?.url !== undefined) entry.route = request.routeOptions.url;
    entries.set(request, ctx.log.add(entry, group === 'backend'));
    return entry;
  };

  const app = Fastify({
    forceCloseConnections: true,
    bodyLimit: 1024 * 1024,
    serverFactory: hostCheckedServer(ctx),
    // Requests the router cannot route (a bad escape, a path parameter over 100 characters)
    // answer in the Backend API's error shape, never echoing the path, after the same access rule.
    frameworkErrors: (error, request, genericReply) => {
      const reply = genericReply as FastifyReply;
      const group = targetGroup(request.url);
      logEntry(request, group);
      if (denyAccess(ctx, group, request, reply)) return;
      const tooLong = (error as { code?: string }).code === 'FST_ERR_MAX_PARAM_LENGTH';
      void reply
        .code(tooLong ? 414 : 400)
        .send(
          tooLong
            ? clerkErrors('request_uri_too_long', 'request URI too long', 'A path parameter is longer than the emulator accepts.')
            : clerkErrors('request_url_invalid', 'invalid request URL', 'The request path could not be decoded.'),
        );
    },
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
  // Only JSON and form bodies: any other content type (text/plain included) is a 415.
  app.removeContentTypeParser('text/plain');
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

  // Runs after routing: the access decision is keyed on the route the router matched, so every
  // spelling of a path (%76, //, /./, a trailing slash) gets the check of its plain spelling.
  app.addHook('onRequest', async (request, reply) => {
    const group = routeGroup(request);
    const entry = logEntry(request, group);

    if (group === 'control') return denyAccess(ctx, group, request, reply);

    if (group === 'backend') {
      const fault = ctx.faults.take(request.method, request.routeOptions?.url, normalisePath(request.url));
      if (fault && (await applyFault(ctx, fault, request, reply, entry))) return reply;
    }
    return denyAccess(ctx, group, request, reply);
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
  app.options(`${CONTROL_PREFIX}/*`, async (_req, reply) => reply.code(204).send());
  return app;
}
