// The seed's "Required session" JavaScript snippet, verbatim except the import path.
import { requireSession } from '@sessiongate/next';
function handler(req, res) {
// do something with session.userId
}
export default requireSession(handler)
