import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Server } from 'node:http';
import { listenOnLoopback } from '../../../test-support/loopback.mjs';

/** How a test reaches the app: over loopback through @hono/node-server, or in-process through `app.request` (fetch only). */
export type Send = (path: string, credential?: string, init?: RequestInit) => Promise<Response>;

export interface Mounted {
  send: Send;
  close(): Promise<void>;
}

const withCookie = (credential: string | undefined, init: RequestInit = {}): RequestInit =>
  credential === undefined ? init : { ...init, headers: { ...(init.headers as Record<string, string>), cookie: `__session=${credential}` } };

/** Serves `app` with @hono/node-server on 127.0.0.1, any free port. */
export async function serveOnLoopback(app: Hono<any>): Promise<Mounted> {
  const { url, close } = await listenOnLoopback(createAdaptorServer({ fetch: app.fetch }) as Server);
  return { send: (path, credential, init) => fetch(`${url}${path}`, withCookie(credential, init)), close };
}

/** Calls `app.request`: Hono's fetch handler, no socket (as in a fetch-only runtime). */
export function inProcess(app: Hono<any>): Mounted {
  return {
    send: async (path, credential, init) => app.request(path, withCookie(credential, init)),
    close: async () => {},
  };
}
