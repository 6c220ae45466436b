import type { AuthState, AuthenticatorOptions } from '@sessiongate/core';
import * as sgExpress from '@sessiongate/express';
import * as sgFastify from '@sessiongate/fastify';
import * as sgHono from '@sessiongate/hono';
import * as sgKoa from '@sessiongate/koa';
import * as sgNext from '@sessiongate/next';
import express from 'express';
import Fastify from 'fastify';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import Koa from 'koa';
import compose from 'koa-compose';
import { apiResolver } from 'next/dist/server/api-utils/node/api-resolver.js';
import { mountAdapter, type MountSpec, type Route } from '../../../../test-support/mount-adapter.mjs';
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

/** Each adapter's module and its framework's, as the shared harness (test-support/mount-adapter.mjs) takes them. */
const MOUNTS: Record<AdapterName, Pick<MountSpec, 'adapter' | 'framework'>> = {
  express: { adapter: sgExpress, framework: express },
  fastify: { adapter: sgFastify, framework: Fastify },
  koa: { adapter: sgKoa, framework: { Koa, compose } },
  // Next.js Pages API routes run by Next's own apiResolver on a plain node:http server
  next: { adapter: sgNext, framework: { apiResolver } },
  // a Hono app on @hono/node-server (its Node adaptor: node:http in, Web Request/Response inside)
  hono: { adapter: sgHono, framework: { Hono, createAdaptorServer } },
};

const answer = (use: Route['use']): Route<unknown, AuthState> => ({ method: 'ALL', use, readsAuth: true, bodyAsHeaders: true, handler: (_session, state) => describe(state) });

export async function startApp(name: AdapterName, options: AuthenticatorOptions, capture: OutputCapture): Promise<RunningApp> {
  const app = await mountAdapter({
    name,
    ...MOUNTS[name],
    options,
    routes: { '/with': answer(['optional']), '/require': answer(['required']) },
    // pino logs every request (method, url, host): all of it goes to the capture.
    ...(name === 'fastify' && { appOptions: { logger: { level: 'info', stream: capture.stream } } }),
    onError: (error) => capture.add(error),
  });
  return { name, url: app.url, errors: app.errors, close: app.close };
}
