import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

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
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    send: (path, credential, init) => fetch(`http://127.0.0.1:${port}${path}`, withCookie(credential, init)),
    close: () =>
      new Promise<void>((done) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => done());
      }),
  };
}

/** Calls `app.request`: Hono's fetch handler, no socket (as in a fetch-only runtime). */
export function inProcess(app: Hono<any>): Mounted {
  return {
    send: async (path, credential, init) => app.request(path, withCookie(credential, init)),
    close: async () => {},
  };
}
