// The seed's "Required session" TypeScript snippet, with its comment filled in (and its
// two typos fixed).
import type { NextApiRequest, NextApiResponse } from 'next';
import { requireSession, RequireSessionProp } from '@sessiongate/next';
function handler(req: RequireSessionProp<NextApiRequest>, res: NextApiResponse) {
  res.status(200).json({ userId: req.session.userId, sessionId: req.session.id });
}
export default requireSession(handler)
