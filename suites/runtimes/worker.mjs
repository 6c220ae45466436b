// workerd: bundled with the workerd, worker and browser conditions, as wrangler does (runtimes.mjs) and run in Miniflare. The
// config is the request body, the Worker's env its real bindings; the answer is the cases' JSON.
import { runCases } from './cases.mjs';

export default {
  async fetch(request, env) {
    return Response.json(await runCases(await request.json(), { CLERK_API_KEY: env.CLERK_API_KEY, CLERK_API_URL: env.CLERK_API_URL }));
  },
};
