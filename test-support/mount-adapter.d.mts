import type { Server } from 'node:http';

export type AdapterName = 'express' | 'fastify' | 'koa' | 'hono' | 'next';

export const ADAPTER_NAMES: readonly AdapterName[];

/**
 * One step before a route's handler, in order:
 * - `'optional'`: the adapter's optional middleware (Fastify: the plugin, in the route's scope;
 *   Next: `withSession`), on the route's options
 * - `'required'`: the mandatory guard (Fastify: the `requireSession` preHandler; Next:
 *   `requireSession`), on the route's options with its `authorize`
 * - `{ session }`: another library's session set in the framework's slot (req.session,
 *   request.session, ctx.state.session and ctx.session, c.set('session'))
 * - a function: the framework's own middleware (Express, Koa, Hono), preHandler (Fastify) or
 *   `(req, res, next)` wrapper (Next), mounted as it is
 */
export type Step = 'optional' | 'required' | { session: unknown } | ((...args: any[]) => unknown);

export interface Route<Session = any, State = any> {
  /** `'ALL'`: every method (Fastify: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, no implied HEAD). Default GET. */
  method?: 'GET' | 'POST' | 'ALL';
  /** Default: none (the handler gets `session` null). */
  use?: Step[];
  /** This route's adapter options (default: the mount's). */
  options?: object;
  /** The `authorize` of its `required` step. */
  authorize?: unknown;
  /** Whether the handler's second argument is the adapter's `getAuth()` (a throw goes to the error handling). */
  readsAuth?: boolean;
  /** The body (a flat record of strings) is sent as response headers too, so that HEAD answers carry it. */
  bodyAsHeaders?: boolean;
  /** The JSON body answered with 200, from the framework's session slot (and the auth state). */
  handler(session: Session | null | undefined, auth: State): unknown;
}

export interface MountSpec {
  name: AdapterName;
  /** The adapter's module (e.g. `import * as adapter from '@sessiongate/koa'`). */
  adapter: object;
  /**
   * The framework, from the caller's own node_modules: Express's `express` function, Fastify's
   * factory, `{ Koa, compose }` (koa-compose), `{ Hono, createAdaptorServer }` (@hono/node-server;
   * not needed `inProcess`), `{ apiResolver }` (Next's Pages API resolver).
   */
  framework: unknown;
  /** The adapter options of every route without its own. */
  options?: object;
  routes: Record<string, Route>;
  /** The framework app's constructor options (Fastify, Koa, Hono). */
  appOptions?: object;
  /** Runs on the app before any route is added (e.g. `app.disable('x-powered-by')`). */
  setup?(app: any): void;
  /**
   * How an error that reaches the framework's error handling is answered: 500 with no body
   * (default), 500 `{ code, message }` (`'json'`; not for Next), or `false`: no error handling
   * of the mount's at all (the framework's own, nothing collected; what the bench measures).
   */
  answerErrors?: 'empty' | 'json' | false;
  /** Told every error the error handling sees (Fastify's own 4xx rejections included). */
  onError?(error: unknown): void;
  /** Hono only: no socket, `request(path, init)` calls `app.request`. */
  inProcess?: boolean;
}

export interface MountedAdapter {
  /** `http://127.0.0.1:<port>` */
  url: string;
  server: Server;
  /** The errors the app answered with a 5xx (must stay empty in most tests). */
  errors: unknown[];
  close(): Promise<void>;
}

export interface InProcessAdapter {
  request(path: string, init?: RequestInit): Promise<Response>;
  errors: unknown[];
  close(): Promise<void>;
}

export function mountAdapter(spec: MountSpec & { inProcess: true }): Promise<InProcessAdapter>;
export function mountAdapter(spec: MountSpec): Promise<MountedAdapter>;
