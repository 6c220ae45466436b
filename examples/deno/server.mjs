// Deno: serves the app with Deno.serve on 127.0.0.1 (PORT, default 3006). The packages come from
// the workspace's node_modules (--node-modules-dir=manual); @sessiongate/* resolve through their
// `deno` export condition: the platform fetch, no undici.
import { app } from './app.mjs';

Deno.serve(
  {
    hostname: '127.0.0.1',
    port: Number(Deno.env.get('PORT') ?? 3006),
    onListen: ({ hostname, port }) => console.log(`listening on http://${hostname}:${port}`),
  },
  app.fetch,
);
