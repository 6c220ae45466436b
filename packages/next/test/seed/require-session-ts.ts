// The seed's "Required session" TypeScript snippet, with the same corrections as
// with-session-ts.ts (import path, the implicit Next types import, the two typos).
import type { NextApiRequest, NextApiResponse } from 'next';
import { requireSession, RequireSessionProp } from '@sessiongate/next';
function handler(req: RequireSessionProp<NextApiRequest>, res: NextApiResponse) {
// do something with session.userId
}
export default requireSession(handler)
