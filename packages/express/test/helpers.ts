import { createServer, type RequestListener } from 'node:http';
import { getWithSession, listenOnLoopback, type Listening } from '../../../test-support/loopback.mjs';

export type { Listening };

/** An Express 4 or 5 app on 127.0.0.1, any free port (what `app.listen` does, through the shared helper). */
export function listen(app: object): Promise<Listening> {
  return listenOnLoopback(createServer(app as RequestListener));
}

/** A request carrying the client token in the `__session` cookie (or a raw cookie, or none). */
export const get = getWithSession;
