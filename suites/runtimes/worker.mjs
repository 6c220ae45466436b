// workerd: bundled with the workerd, worker and browser conditions, as wrangler does (runtimes.mjs) and run in Miniflare. The
// config is the request body; the answer is the cases' JSON.
import { runCases } from './cases.mjs';

export default {
  async fetch(request) {
    return Response.json(await runCases(await request.json()));
  },
};
