// The seed's "Optional session" JavaScript snippet, verbatim except the import path.
import { withSession } from '@sessiongate/next';
function handler(req, res) {
if (req.session) {
// do something with session.userId
} else {
// Respond with 401 or similar
}
}
export default withSession(handler);
