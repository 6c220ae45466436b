// Lets the tests import the seed's JavaScript snippet; the snippet itself stays plain JS.
import type { IncomingMessage, ServerResponse } from 'node:http';
declare const route: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
export default route;
