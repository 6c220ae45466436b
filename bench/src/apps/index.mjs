import { startExpress } from './express.mjs';
import { startFastify } from './fastify.mjs';
import { startHono } from './hono.mjs';
import { startKoa } from './koa.mjs';
import { startNodeHttp } from './node-http.mjs';

export { VARIANTS } from './client-options.mjs';

/** Framework name -> `start(variant, { apiUrl, apiKey })` resolving `{ url, close() }`. */
export const FRAMEWORKS = {
  express: startExpress,
  fastify: startFastify,
  koa: startKoa,
  hono: startHono,
  'node:http': startNodeHttp,
};
