// workerd: bundled with the workerd, worker and browser conditions, as wrangler does (runtimes.mjs) and run in Miniflare. The
// config is the body of POST /__cases, the Worker's env its real bindings; the answer is the cases' JSON.
// The server case: the Worker itself is the server (Miniflare's HTTP socket on 127.0.0.1, its URL
// given as config.selfUrl); while the case runs, every other request goes to the case's app.
import { runCases } from './cases.mjs';

let served;

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== '/__cases') {
      return served ? served(request) : new Response('no app is being served', { status: 404 });
    }
    const config = await request.json();
    const serve = async (handler) => {
      served = handler;
      return {
        url: config.selfUrl,
        close: async () => {
          served = undefined;
        },
      };
    };
    return Response.json(await runCases(config, { CLERK_API_KEY: env.CLERK_API_KEY, CLERK_API_URL: env.CLERK_API_URL }, serve));
  },
};
