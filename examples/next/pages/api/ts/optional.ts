// The seed's "Optional session" TypeScript snippet, with its comments filled in (and its
// two typos fixed: the missing `:` after `req`, and `export default`).
import type { NextApiRequest, NextApiResponse } from 'next';
import { withSession, WithSessionProp } from '@sessiongate/next';
function handler(req: WithSessionProp<NextApiRequest>, res: NextApiResponse) {
  if (req.session) {
    res.status(200).json({ userId: req.session.userId, sessionId: req.session.id });
  } else {
    res.status(401).end();
  }
}
export default withSession(handler);
