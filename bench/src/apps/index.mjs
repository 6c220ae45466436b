import { startExpress } from './express.mjs';
import { startFastify } from './fastify.mjs';
import { startKoa } from './koa.mjs';
import { startNodeHttp } from './node-http.mjs';

export { VARIANTS } from './client-options.mjs';

/** Framework name -> `start(variant, { apiUrl, apiKey })` resolving `{ url, close() }`. */
export const FRAMEWORKS = {
  express: startExpress,
  fastify: startFastify,
  koa: startKoa,
  'node:http': startNodeHttp,
};
