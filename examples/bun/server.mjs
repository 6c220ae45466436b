// Bun: `bun server.mjs` serves the app with Bun.serve on 127.0.0.1 (PORT, default 3005).
// @sessiongate/* resolve through their `bun` export condition: the platform fetch, no undici.
import { app } from './app.mjs';

const server = Bun.serve({ hostname: '127.0.0.1', port: Number(process.env.PORT ?? 3005), fetch: app.fetch });
console.log(`listening on http://${server.hostname}:${server.port}`);
