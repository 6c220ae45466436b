import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextApiRequest, NextApiResponse } from 'next';
import { createResolver, type NextAuthOptions } from '../lib/resolver.js';
import { PKG } from '../lib/package-name.js';
import { decideNodeRequest } from './decide-node-request.js';
import type { WithSessionProp } from './session-props.js';

/**
 * Wraps a Pages Router API route so that `req.session` holds the verified Session, or
 * `null` when the request is not signed in (or the backend could not decide). The handler
 * always runs; `getAuth(req)` gives the full `AuthState` (including why it is signed out).
 *
 * Options are the core's client options (`apiKey`, `apiUrl`, `client`, …); without them the
 * env-bound default client (`CLERK_API_KEY`, `CLERK_API_URL`) is used.
 *
 * @example
 * ```js
 * import { withSession } from '@sessiongate/next';
 * function handler(req, res) {
 *   if (req.session) res.json({ userId: req.session.userId });
 *   else res.status(401).end();
 * }
 * export default withSession(handler);
 * ```
 */
export function withSession<
  Req extends IncomingMessage = NextApiRequest,
  Res extends ServerResponse = NextApiResponse,
>(handler: (req: WithSessionProp<Req>, res: Res) => unknown, options?: NextAuthOptions): (req: Req, res: Res) => Promise<void> {
  if (typeof handler !== 'function') throw new TypeError(`${PKG}: withSession(handler) expects a function`);
  const resolve = createResolver(options);
  return async function withSessionHandler(req, res) {
    await decideNodeRequest(resolve, req);
    await handler(req as WithSessionProp<Req>, res);
  };
}
