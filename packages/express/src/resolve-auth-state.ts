import { readAuthState, setAuthState, type AuthState, type AuthenticateRequestInput } from '@sessiongate/core';
import type { Request } from 'express';

export type Authenticate = (req: AuthenticateRequestInput) => Promise<AuthState>;

/**
 * The request's state: the one a previous sessiongate middleware stored (no second
 * verification), or a fresh verification stored under the core's symbol. Either way
 * `req.session` is (re)written from the state, so a `session` set by another library
 * never survives as ours.
 */
export async function resolveAuthState(req: Request, authenticate: Authenticate): Promise<AuthState> {
  let state = readAuthState(req);
  if (state === undefined) {
    state = await authenticate({ method: req.method, url: req.originalUrl, headers: req.headers });
    setAuthState(req, state);
  }
  req.session = state.status === 'signed-in' ? state.session : null;
  return state;
}
