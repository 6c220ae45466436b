import type { NextApiRequest, NextApiResponse } from 'next';
import { getAuth, requireSession, withSession, type NextAuthOptions, type RequireSessionProp, type WithSessionProp } from '@sessiongate/next';

function send(res: NextApiResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/** A `withSession` route answering with what it saw (req.session and getAuth(req)). */
export function optionalRoute(options: NextAuthOptions) {
  return withSession((req: WithSessionProp<NextApiRequest>, res: NextApiResponse) => {
    const state = getAuth(req);
    send(res, 200, {
      userId: req.session?.userId ?? null,
      sessionId: req.session?.id ?? null,
      status: state.status,
      reason: state.status === 'signed-in' ? null : state.reason,
    });
  }, options);
}

/** A `requireSession` route; `calls` counts how often the handler really ran. */
export function requiredRoute(options: NextAuthOptions, calls: { count: number }) {
  return requireSession((req: RequireSessionProp<NextApiRequest>, res: NextApiResponse) => {
    calls.count++;
    send(res, 200, { userId: req.session.userId, sessionId: req.session.id });
  }, options);
}
