import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** `app.listen(0, '127.0.0.1')`, resolved once listening. */
export function listen(app: Koa): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}

/** A request carrying the client token in the `__session` cookie (or a raw cookie, or none). */
export function get(url: string, clientToken?: string, cookie?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (clientToken !== undefined) headers.cookie = `__session=${clientToken}`;
  if (cookie !== undefined) headers.cookie = cookie;
  return fetch(url, { headers });
}
