// The seed's "Optional session" JavaScript snippet, with its comments filled in.
import { withSession } from '@sessiongate/next';
function handler(req, res) {
  if (req.session) {
    res.status(200).json({ userId: req.session.userId, sessionId: req.session.id });
  } else {
    res.status(401).end();
  }
}
export default withSession(handler);
