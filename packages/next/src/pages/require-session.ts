import type { IncomingMessage, ServerResponse } from 'node:http';
import { requireFailure } from '@sessiongate/core/adapter';
import type { NextApiRequest, NextApiResponse } from 'next';
import { createResolver, type NextAuthOptions } from '../lib/resolver.js';
import { PKG } from '../lib/package-name.js';
import { decideNodeRequest } from './decide-node-request.js';
import type { RequireSessionProp } from './session-props.js';

/**
 * Wraps a Pages Router API route that needs a session. Signed out: 401 with no body.
 * Backend unavailable: 503 (with `Retry-After` when known). In both cases the handler is
 * never called; otherwise `req.session` is the verified Session.
 *
 * @example
 * ```js
 * import { requireSession } from '@sessiongate/next';
 * function handler(req, res) {
 *   res.json({ userId: req.session.userId });
 * }
 * export default requireSession(handler);
 * ```
 */
export function requireSession<
  Req extends IncomingMessage = NextApiRequest,
  Res extends ServerResponse = NextApiResponse,
>(
  handler: (req: RequireSessionProp<Req>, res: Res) => unknown,
  options?: NextAuthOptions,
): (req: Req, res: Res) => Promise<void> {
  if (typeof handler !== 'function') throw new TypeError(`${PKG}: requireSession(handler) expects a function`);
  const resolve = createResolver(options);
  return async function requireSessionHandler(req, res) {
    const failure = requireFailure(await decideNodeRequest(resolve, req));
    if (failure) {
      res.statusCode = failure.status;
      for (const [name, value] of Object.entries(failure.headers)) res.setHeader(name, value);
      res.end();
      return;
    }
    await handler(req as RequireSessionProp<Req>, res);
  };
}
