// The seed's "Optional session" TypeScript snippet. Changes: the import path; the
// `NextApiRequest`/`NextApiResponse` import the page leaves implicit; and the page's two
// typos that no TypeScript accepts (`req WithSessionProp<…>` lacks its colon,
// `export withSession(handler);` lacks `default`).
import type { NextApiRequest, NextApiResponse } from 'next';
import { withSession, WithSessionProp } from '@sessiongate/next';
function handler(req: WithSessionProp<NextApiRequest>, res: NextApiResponse) {
if (req.session) {
// do something with session.userId
} else {
// Respond with 401 or similar
}
}
export default withSession(handler);
