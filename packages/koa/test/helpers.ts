import { createServer } from 'node:http';
import type Koa from 'koa';
import { getWithSession, listenOnLoopback, type Listening } from '../../../test-support/loopback.mjs';

export type { Listening };

/** A Koa app on 127.0.0.1, any free port (what `app.listen` does, through the shared helper). */
export function listen(app: Koa): Promise<Listening> {
  return listenOnLoopback(createServer(app.callback()));
}

/** A request carrying the client token in the `__session` cookie (or a raw cookie, or none). */
export const get = getWithSession;
