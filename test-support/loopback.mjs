// The one listen/close helper of the workspace's tests and bench apps: any node:http server
// (an Express or Koa callback, Hono's node adaptor, a hand-written handler) on 127.0.0.1, any
// free port. Plain JavaScript so that the bench (which runs .mjs over dist) can use it too.

/**
 * Listens on 127.0.0.1, any free port. Resolves once listening with the base URL, the port and
 * `close()`, which drops kept-alive connections and resolves once the server has closed.
 */
export function listenOnLoopback(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, port, server, close: () => closeServer(server) });
    });
  });
}

/** Closes `server` and every connection it holds (kept-alive ones included). */
export function closeServer(server) {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** GET `url` with the `__session` cookie set to `credential` (or a raw `cookie` header, or neither). */
export function getWithSession(url, credential, cookie) {
  const headers = {};
  if (credential !== undefined) headers.cookie = `__session=${credential}`;
  if (cookie !== undefined) headers.cookie = cookie;
  return fetch(url, { headers });
}
