import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequireCheck, type RequireOptions } from '@sessiongate/core/adapter';
import type { NextApiRequest, NextApiResponse } from 'next';
import { createResolver, type NextAuthOptions } from '../lib/resolver.js';
import { PKG } from '../lib/package-name.js';
import { decideNodeRequest } from './decide-node-request.js';
import type { RequireSessionProp } from './session-props.js';

/**
 * Wraps a Pages Router API route that needs a session. Signed out: 401 with no body.
 * Backend unavailable: 503 (with `Retry-After` when known). Signed in but not allowed by
 * `authorize` (`has()` params, or a function of the signed-in state): 403 with no body. In each
 * case the handler is never called; otherwise `req.session` is the verified Session. An
 * `authorize` function that throws or rejects makes the route throw (Next answers 500).
 *
 * @example
 * ```js
 * import { requireSession } from '@sessiongate/next';
 * function handler(req, res) {
 *   res.json({ userId: req.session.userId });
 * }
 * export default requireSession(handler);
 * // or: export default requireSession(handler, { authorize: { permission: 'org:reports:read' } });
 * ```
 */
export function requireSession<
  Req extends IncomingMessage = NextApiRequest,
  Res extends ServerResponse = NextApiResponse,
>(
  handler: (req: RequireSessionProp<Req>, res: Res) => unknown,
  options?: NextAuthOptions & RequireOptions,
): (req: Req, res: Res) => Promise<void> {
  if (typeof handler !== 'function') throw new TypeError(`${PKG}: requireSession(handler) expects a function`);
  const resolve = createResolver(options);
  const check = createRequireCheck(options, `${PKG}: requireSession()`);
  return async function requireSessionHandler(req, res) {
    const failure = await check(await decideNodeRequest(resolve, req));
    if (failure) {
      res.statusCode = failure.status;
      for (const [name, value] of Object.entries(failure.headers)) res.setHeader(name, value);
      res.end();
      return;
    }
    await handler(req as RequireSessionProp<Req>, res);
  };
}
