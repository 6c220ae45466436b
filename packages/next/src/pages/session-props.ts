import type { Session } from '@sessiongate/core';

/**
 * A Pages Router API request after `withSession()`: `req.session` is the verified
 * Session, or `null` when the request is not signed in.
 *
 * @example
 * ```ts
 * import type { NextApiRequest, NextApiResponse } from 'next';
 * import { withSession, type WithSessionProp } from '@sessiongate/next';
 * function handler(req: WithSessionProp<NextApiRequest>, res: NextApiResponse) {
 *   res.json({ userId: req.session?.userId ?? null });
 * }
 * export default withSession(handler);
 * ```
 */
export type WithSessionProp<T> = T & { session: Session | null };

/**
 * A Pages Router API request after `requireSession()`: `req.session` is always a
 * verified Session (the handler never runs otherwise).
 *
 * @example
 * ```ts
 * import type { NextApiRequest, NextApiResponse } from 'next';
 * import { requireSession, type RequireSessionProp } from '@sessiongate/next';
 * function handler(req: RequireSessionProp<NextApiRequest>, res: NextApiResponse) {
 *   res.json({ userId: req.session.userId });
 * }
 * export default requireSession(handler);
 * ```
 */
export type RequireSessionProp<T> = T & { session: Session };
