import type { IncomingMessage } from 'node:http';
import { sessionOf, setAuthState, type AuthState } from '@sessiongate/core/adapter';
import type { Resolver } from '../lib/resolver.js';

/**
 * Decides a Node request (the core sees the raw `req.url` and `req.headers`, never
 * Next's parsed `req.query`), stores the state where the core keeps it (not on `req`) and replaces any
 * `session` property another library may have set.
 */
export async function decideNodeRequest(resolve: Resolver, req: IncomingMessage): Promise<AuthState> {
  const state = await resolve({ method: req.method, url: req.url ?? '/', headers: req.headers });
  setAuthState(req, state);
  Object.defineProperty(req, 'session', { value: sessionOf(state), writable: true, enumerable: true, configurable: true });
  return state;
}
