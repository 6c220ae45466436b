import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AuthState, AuthenticatorOptions } from '@sessiongate/core';
import * as sgExpress from '@sessiongate/express';
import * as sgFastify from '@sessiongate/fastify';
import * as sgHono from '@sessiongate/hono';
import * as sgKoa from '@sessiongate/koa';
import * as sgNext from '@sessiongate/next';
import express from 'express';
import Fastify from 'fastify';
import { createAdaptorServer } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import Koa from 'koa';
import { apiResolver } from 'next/dist/server/api-utils/node/api-resolver.js';
import { listenOnLoopback } from '../../../../test-support/loopback.mjs';
import type { OutputCapture } from './capture.js';

export const ADAPTERS = ['express', 'fastify', 'koa', 'next', 'hono'] as const;
export type AdapterName = (typeof ADAPTERS)[number];

/** A running app: `/with` (optional session, always answers 200) and `/require` (mandatory). */
export interface RunningApp {
  name: AdapterName;
  url: string;
  /** Errors that reached the framework's error handling (must stay empty). */
  errors: unknown[];
  close(): Promise<void>;
}

/** What both routes tell about the request, in headers (so HEAD answers carry it too) and JSON. */
function describe(state: AuthState | undefined): Record<string, string> {
  return {
    'x-auth-status': state?.status ?? 'none',
    'x-auth-reason': state && state.status !== 'signed-in' ? state.reason : '',
    'x-auth-user': state?.status === 'signed-in' ? state.userId : '',
    'x-auth-session': state?.status === 'signed-in' ? state.sessionId : '',
  };
}

/** A node:http server on loopback, as a running app. */
async function running(name: AdapterName, server: Server, errors: unknown[]): Promise<RunningApp> {
  const { url, close } = await listenOnLoopback(server);
  return { name, url, errors, close };
}

export async function startApp(name: AdapterName, options: AuthenticatorOptions, capture: OutputCapture): Promise<RunningApp> {
  switch (name) {
    case 'express':
      return startExpress(options, capture);
    case 'fastify':
      return startFastify(options, capture);
    case 'koa':
      return startKoa(options, capture);
    case 'next':
      return startNext(options, capture);
    case 'hono':
      return startHono(options, capture);
  }
}

async function startExpress(options: AuthenticatorOptions, capture: OutputCapture): Promise<RunningApp> {
  const errors: unknown[] = [];
  const app = express();
  const answer = (req: express.Request, res: express.Response) => {
    const d = describe(sgExpress.getAuth(req));
    res.set(d).json(d);
  };
  app.all('/with', sgExpress.ClerkExpressWithSession(options), answer);
  app.all('/require', sgExpress.ClerkExpressRequireSession(options), answer);
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    errors.push(err);
    capture.add(err);
    res.status(500).end();
  });
  return running('express', createServer(app), errors);
}

async function startFastify(options: AuthenticatorOptions, capture: OutputCapture): Promise<RunningApp> {
  const errors: unknown[] = [];
  // pino logs every request (method, url, host): all of it goes to the capture.
  const app = Fastify({ logger: { level: 'info', stream: capture.stream } });
  await app.register(sgFastify.clerkPlugin, options);
  const answer = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    const d = describe(sgFastify.getAuth(request));
    return reply.headers(d).send(d);
  };
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
  app.route({ method: [...methods], url: '/with', exposeHeadRoute: false, handler: answer });
  app.route({ method: [...methods], url: '/require', exposeHeadRoute: false, preHandler: sgFastify.requireSession, handler: answer });
  app.setErrorHandler((err, _request, reply) => {
    // Fastify's own 4xx (bad URL, header too large) are framework rejections, not our errors.
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) errors.push(err);
    capture.add(err);
    return reply.code(status).send();
  });
  // Fastify listens and closes itself (its onClose hooks run).
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { name: 'fastify', url, errors, close: () => app.close() };
}

async function startKoa(options: AuthenticatorOptions, capture: OutputCapture): Promise<RunningApp> {
  const errors: unknown[] = [];
  const app = new Koa();
  app.on('error', (err: unknown) => {
    errors.push(err);
    capture.add(err);
  });
  const withSession = sgKoa.clerkMiddleware(options);
  const requireSession = sgKoa.requireSession(options);
  app.use(async (ctx, next) => {
    const mw = ctx.path === '/with' ? withSession : ctx.path === '/require' ? requireSession : undefined;
    if (!mw) return next();
    await mw(ctx, async () => {
      const d = describe(sgKoa.getAuth(ctx));
      ctx.set(d);
      ctx.body = d;
    });
  });
  return running('koa', createServer(app.callback()), errors);
}

/**
 * Next.js Pages API routes run by Next's own `apiResolver` (the function `next start` calls
 * for /pages/api: it adds req.query, req.cookies, res.status/json and parses the body), on a
 * plain node:http server. Only Next's router and build are left out.
 */
async function startNext(options: AuthenticatorOptions, capture: OutputCapture): Promise<RunningApp> {
  const errors: unknown[] = [];
  const answer = (req: import('next').NextApiRequest, res: import('next').NextApiResponse) => {
    const d = describe(sgNext.getAuth(req));
    for (const [k, v] of Object.entries(d)) res.setHeader(k, v);
    res.status(200).json(d);
  };
  const routes: Record<string, unknown> = {
    '/with': { default: sgNext.withSession(answer, options) },
    '/require': { default: sgNext.requireSession(answer, options) },
  };
  const apiContext = { previewModeId: 'x', previewModeEncryptionKey: 'x', previewModeSigningKey: 'x' };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? '/';
    let pathname = '/';
    let query: Record<string, string | string[]> = {};
    try {
      const u = new URL(target, 'http://localhost');
      pathname = u.pathname;
      for (const [k, v] of u.searchParams) {
        const prev = query[k];
        query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
    } catch {
      query = {};
    }
    const route = routes[pathname];
    if (!route) {
      res.statusCode = 404;
      res.end();
      return;
    }
    apiResolver(req, res, query, route, apiContext as never, false, false, pathname, async (err: unknown) => {
      errors.push(err);
      capture.add(err);
    }).catch((err: unknown) => {
      errors.push(err);
      capture.add(err);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  return running('next', server, errors);
}

/** A Hono app on @hono/node-server (its Node adaptor: node:http in, Web Request/Response inside). */
async function startHono(options: AuthenticatorOptions, capture: OutputCapture): Promise<RunningApp> {
  const errors: unknown[] = [];
  const app = new Hono();
  const answer = (c: Context) => {
    const d = describe(sgHono.getAuth(c));
    return c.json(d, 200, d);
  };
  app.all('/with', sgHono.clerkMiddleware(options), answer);
  app.all('/require', sgHono.requireSession(options), answer);
  app.onError((err, c) => {
    errors.push(err);
    capture.add(err);
    return c.body(null, 500);
  });
  return running('hono', createAdaptorServer({ fetch: app.fetch }) as Server, errors);
}
