// The seed's "Required session" JavaScript snippet, with its comment filled in.
import { requireSession } from '@sessiongate/next';
function handler(req, res) {
  res.status(200).json({ userId: req.session.userId, sessionId: req.session.id });
}
export default requireSession(handler)
