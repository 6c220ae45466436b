// Node, Bun and Deno: `<runtime> run.mjs` with the config as JSON in SG_CONFIG; prints one JSON line.
// The server case gets the runtime's own HTTP server: Bun.serve, Deno.serve, or node:http.
import { runCases } from './cases.mjs';

const env = globalThis.Deno ? globalThis.Deno.env.toObject() : process.env;

/** Serves `handler` on 127.0.0.1, on a free port, with the runtime's own server. */
async function serve(handler) {
  if (globalThis.Bun) {
    const server = globalThis.Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: handler });
    return { url: `http://127.0.0.1:${server.port}`, close: async () => server.stop(true) };
  }
  if (globalThis.Deno) {
    const server = globalThis.Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: () => {} }, handler);
    return { url: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
  }
  // Node: node:http, each request turned into a WHATWG Request and the Response written back
  const { createServer } = await import('node:http');
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

console.log(JSON.stringify(await runCases(JSON.parse(env.SG_CONFIG), undefined, serve)));
