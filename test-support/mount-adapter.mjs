// The one way the workspace mounts an adapter: the conformance tests, the security suite and the
// bench apps describe their routes once, framework-neutrally, and mountAdapter puts them in one
// framework's idiom (one small mount function per framework, below). Plain JavaScript so that the
// bench (which runs .mjs over dist) can use it too. It imports no framework and no adapter: the
// caller passes both, from its own node_modules (test-support belongs to no package).
//
// What a request does is only what the route asks for, chosen at mount time: a route without
// `readsAuth` or `bodyAsHeaders` is the framework's handler calling `handler(session)` and sending
// its JSON, nothing more (the bench measures these apps).
import { createServer } from 'node:http';
import { listenOnLoopback } from './loopback.mjs';

const MOUNTS = { express: mountExpress, fastify: mountFastify, koa: mountKoa, hono: mountHono, next: mountNext };

/** The adapters mountAdapter knows, by the name it takes. */
export const ADAPTER_NAMES = Object.keys(MOUNTS);

/**
 * Mounts `routes` with the adapter `name` (its module `adapter`, its framework's module or
 * modules `framework`) and starts the app on 127.0.0.1, any free port. Resolves
 * `{ url, server, errors, close() }` (Hono with `inProcess`: `{ request(path, init), errors, close() }`).
 */
export async function mountAdapter(spec) {
  const mount = MOUNTS[spec.name];
  if (mount === undefined) throw new TypeError(`mountAdapter: unknown adapter ${JSON.stringify(spec.name)} (one of ${ADAPTER_NAMES.join(', ')})`);
  const errors = [];
  const failed = (error, answered5xx = true) => {
    if (answered5xx) errors.push(error);
    spec.onError?.(error);
  };
  const routes = Object.entries(spec.routes).map(([path, route]) => ({
    path,
    method: route.method ?? 'GET',
    use: route.use ?? [],
    options: route.options ?? spec.options,
    authorize: route.authorize,
    readsAuth: route.readsAuth === true,
    bodyAsHeaders: route.bodyAsHeaders === true,
    handler: route.handler,
  }));
  const app = await mount({ ...spec, routes, failed, answerErrors: spec.answerErrors ?? 'empty' });
  return { ...app, errors };
}

/** The options of a `required` step: the route's, with its `authorize`. */
const requireOptions = (route) => (route.authorize === undefined ? route.options : { ...route.options, authorize: route.authorize });

const errorBody = (error) => ({ code: error?.code, message: error?.message });

const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * `handler`'s body from the session and, for a `readsAuth` route, the adapter's `getAuth`.
 * A route with no step has no session to read (`null`).
 */
function bodyOf(route, sessionOf, getAuth) {
  const { handler } = route;
  if (route.readsAuth) return route.use.length === 0 ? (x) => handler(null, getAuth(x)) : (x) => handler(sessionOf(x), getAuth(x));
  return route.use.length === 0 ? () => handler(null) : (x) => handler(sessionOf(x));
}

/** Express 4 or 5 (`framework`: the `express` function): a route's steps are its middleware. */
async function mountExpress({ adapter, framework: express, routes, setup, answerErrors, failed }) {
  const app = express();
  setup?.(app);
  for (const route of routes) {
    const steps = route.use.map((step) => {
      if (step === 'optional') return adapter.ClerkExpressMiddleware(route.options);
      if (step === 'required') return adapter.ClerkExpressRequireSession(requireOptions(route));
      if (typeof step === 'function') return step;
      return (req, _res, next) => {
        req.session = step.session;
        next();
      };
    });
    app[route.method === 'ALL' ? 'all' : route.method.toLowerCase()](route.path, ...steps, expressAnswer(route, adapter));
  }
  if (answerErrors !== false) {
    app.use((error, _req, res, _next) => {
      failed(error);
      if (answerErrors === 'json') res.status(500).json(errorBody(error));
      else res.status(500).end();
    });
  }
  return listenOnLoopback(createServer(app));
}

function expressAnswer(route, adapter) {
  const { handler } = route;
  if (!route.readsAuth && !route.bodyAsHeaders) {
    return route.use.length === 0 ? (_req, res) => res.json(handler(null)) : (req, res) => res.json(handler(req.session));
  }
  const body = bodyOf(route, (req) => req.session, adapter.getAuth);
  if (route.bodyAsHeaders) {
    return (req, res) => {
      const value = body(req);
      res.set(value).json(value);
    };
  }
  return (req, res) => res.json(body(req));
}

/**
 * Fastify 5 (`framework`: the `Fastify` factory, `appOptions` its options). The plugin decides
 * every request of an encapsulated scope, so the routes with adapter steps get one scope per
 * options object (the plugin registered with those options); `required` is the `requireSession`
 * preHandler, and the other steps are preHandlers in their order. Fastify listens and closes
 * itself (its onClose hooks run).
 */
async function mountFastify({ adapter, framework: Fastify, appOptions, routes, setup, answerErrors, failed }) {
  const app = Fastify(appOptions);
  setup?.(app);
  if (answerErrors !== false) {
    app.setErrorHandler((error, _request, reply) => {
      // Fastify's own 4xx (a bad URL, a header too large) are framework rejections, not our errors.
      const status = error.statusCode ?? 500;
      failed(error, status >= 500);
      return reply.code(status).send(answerErrors === 'json' ? errorBody(error) : undefined);
    });
  }
  const scopes = new Map();
  for (const route of routes) {
    if (!route.use.some((step) => step === 'optional' || step === 'required')) app.route(fastifyRoute(route, adapter));
    else scopes.set(route.options, [...(scopes.get(route.options) ?? []), route]);
  }
  for (const [options, scoped] of scopes) {
    app.register(async (scope) => {
      await scope.register(adapter.clerkPlugin, options);
      for (const route of scoped) scope.route(fastifyRoute(route, adapter));
    });
  }
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, server: app.server, close: () => app.close() };
}

function fastifyRoute(route, adapter) {
  const preHandler = route.use.flatMap((step) => {
    if (step === 'optional') return [];
    if (step === 'required') return [route.authorize === undefined ? adapter.requireSession : adapter.requireSession({ authorize: route.authorize })];
    if (typeof step === 'function') return [step];
    return [
      (request, _reply, done) => {
        request.session = step.session;
        done();
      },
    ];
  });
  const all = route.method === 'ALL';
  return {
    method: all ? ALL_METHODS : route.method,
    url: route.path,
    ...(all && { exposeHeadRoute: false }),
    ...(preHandler.length > 0 && { preHandler: preHandler.length === 1 ? preHandler[0] : preHandler }),
    handler: fastifyAnswer(route, adapter),
  };
}

function fastifyAnswer(route, adapter) {
  const { handler } = route;
  if (!route.readsAuth && !route.bodyAsHeaders) {
    return route.use.length === 0 ? async () => handler(null) : async (request) => handler(request.session);
  }
  const body = bodyOf(route, (request) => request.session, adapter.getAuth);
  if (route.bodyAsHeaders) {
    return async (request, reply) => {
      const value = body(request);
      return reply.headers(value).send(value);
    };
  }
  return async (request) => body(request);
}

/**
 * Koa 3 (`framework`: `{ Koa, compose }`, compose being koa-compose): each route's middleware
 * composed with koa-compose, as @koa/router composes a route's, behind a path (and method) check.
 * Errors: an outermost catch answers them (unless `answerErrors` is false), and whatever Koa
 * still emits goes to the sink.
 */
async function mountKoa({ adapter, framework: { Koa, compose }, appOptions, routes, setup, answerErrors, failed }) {
  const app = new Koa(appOptions);
  setup?.(app);
  if (answerErrors !== false) {
    app.on('error', (error) => failed(error));
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        failed(error);
        ctx.status = 500;
        ctx.body = answerErrors === 'json' ? errorBody(error) : '';
      }
    });
  }
  for (const route of routes) {
    const steps = route.use.map((step) => {
      if (step === 'optional') return adapter.clerkMiddleware(route.options);
      if (step === 'required') return adapter.requireSession(requireOptions(route));
      if (typeof step === 'function') return step;
      // a session library's slots: ctx.state.session, and ctx.session as koa-session sets it
      return (ctx, next) => {
        ctx.state.session = step.session;
        ctx.session = step.session;
        return next();
      };
    });
    const chain = compose([...steps, koaAnswer(route, adapter)]);
    const { path, method } = route;
    app.use(method === 'ALL' ? (ctx, next) => (ctx.path === path ? chain(ctx) : next()) : (ctx, next) => (ctx.method === method && ctx.path === path ? chain(ctx) : next()));
  }
  return listenOnLoopback(createServer(app.callback()));
}

function koaAnswer(route, adapter) {
  const { handler } = route;
  if (!route.readsAuth && !route.bodyAsHeaders) {
    return route.use.length === 0
      ? (ctx) => {
          ctx.body = handler(null);
        }
      : (ctx) => {
          ctx.body = handler(ctx.state.session);
        };
  }
  const body = bodyOf(route, (ctx) => ctx.state.session, adapter.getAuth);
  return (ctx) => {
    const value = body(ctx);
    if (route.bodyAsHeaders) ctx.set(value);
    ctx.body = value;
  };
}

/**
 * Hono 4 (`framework`: `{ Hono, createAdaptorServer }`, the latter from @hono/node-server): the
 * steps are the route's middleware. With `inProcess`, no socket: `request(path, init)` is
 * `app.request` (Hono's fetch handler, as in a fetch-only runtime).
 */
async function mountHono({ adapter, framework: { Hono, createAdaptorServer }, appOptions, routes, setup, answerErrors, failed, inProcess }) {
  const app = new Hono(appOptions);
  setup?.(app);
  if (answerErrors !== false) {
    app.onError((error, c) => {
      failed(error);
      return answerErrors === 'json' ? c.json(errorBody(error), 500) : c.body(null, 500);
    });
  }
  for (const route of routes) {
    const steps = route.use.map((step) => {
      if (step === 'optional') return adapter.clerkMiddleware(route.options);
      if (step === 'required') return adapter.requireSession(requireOptions(route));
      if (typeof step === 'function') return step;
      return async (c, next) => {
        c.set('session', step.session);
        await next();
      };
    });
    app[route.method === 'ALL' ? 'all' : route.method.toLowerCase()](route.path, ...steps, honoAnswer(route, adapter));
  }
  if (inProcess) return { request: async (path, init) => app.request(path, init), close: async () => {} };
  return listenOnLoopback(createAdaptorServer({ fetch: app.fetch }));
}

function honoAnswer(route, adapter) {
  const { handler } = route;
  if (!route.readsAuth && !route.bodyAsHeaders) {
    return route.use.length === 0 ? (c) => c.json(handler(null)) : (c) => c.json(handler(c.get('session')));
  }
  const body = bodyOf(route, (c) => c.get('session'), adapter.getAuth);
  return (c) => {
    const value = body(c);
    return route.bodyAsHeaders ? c.json(value, 200, value) : c.json(value);
  };
}

/**
 * Next.js Pages API routes (`framework`: `{ apiResolver }`, from
 * next/dist/server/api-utils/node/api-resolver.js) run by Next's own `apiResolver` (the function
 * `next start` calls for /pages/api: it adds req.query, req.cookies, res.status/json and parses
 * the body) on a plain node:http server; only Next's router and build are left out. The steps
 * wrap the handler: `optional` in `withSession`, `required` in `requireSession`. Errors are
 * answered 500 with no body (`answerErrors: 'json'` is not offered here).
 */
async function mountNext({ adapter, framework: { apiResolver }, routes, failed }) {
  const table = new Map();
  for (const route of routes) {
    let handler = nextAnswer(route, adapter);
    for (const step of [...route.use].reverse()) handler = nextStep(step, route, adapter, handler);
    table.set(route.path, { method: route.method, module: { default: handler } });
  }
  const apiContext = { previewModeId: 'x', previewModeEncryptionKey: 'x', previewModeSigningKey: 'x' };
  const server = createServer((req, res) => {
    const { pathname, query } = parseTarget(req.url ?? '/');
    const route = table.get(pathname);
    if (route === undefined || (route.method !== 'ALL' && route.method !== req.method)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    apiResolver(req, res, query, route.module, apiContext, false, false, pathname, async (error) => failed(error)).catch((error) => {
      failed(error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  return listenOnLoopback(server);
}

function nextStep(step, route, adapter, handler) {
  if (step === 'optional') return adapter.withSession(handler, route.options);
  if (step === 'required') return adapter.requireSession(handler, requireOptions(route));
  if (typeof step === 'function') return (req, res) => step(req, res, () => handler(req, res));
  return (req, res) => {
    req.session = step.session;
    return handler(req, res);
  };
}

function nextAnswer(route, adapter) {
  const body = bodyOf(route, (req) => req.session, adapter.getAuth);
  return (req, res) => {
    const value = body(req);
    if (route.bodyAsHeaders) for (const [name, header] of Object.entries(value)) res.setHeader(name, header);
    res.status(200).json(value);
  };
}

/** The pathname and Next's query object (repeated keys as arrays); an unparsable target has no query. */
function parseTarget(target) {
  const query = {};
  try {
    const url = new URL(target, 'http://localhost');
    for (const [key, value] of url.searchParams) {
      const prev = query[key];
      query[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    return { pathname: url.pathname, query };
  } catch {
    return { pathname: '/', query: {} };
  }
}
