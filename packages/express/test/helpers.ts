import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, any free port, with Express 4's or 5's `app.listen`. */
export function listen(app: { listen: (...args: never[]) => Server }): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const listenAny = app.listen as unknown as (port: number, host: string, cb: (err?: Error) => void) => Server;
    const server: Server = listenAny.call(app, 0, '127.0.0.1', (err?: Error) => {
      if (err) return reject(err);
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

/** A request carrying the client token in the `__session` cookie (or none). */
export function get(url: string, clientToken?: string, cookie?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (clientToken !== undefined) headers.cookie = `__session=${clientToken}`;
  if (cookie !== undefined) headers.cookie = cookie;
  return fetch(url, { headers });
}
