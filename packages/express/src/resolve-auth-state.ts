import { readAuthState, setAuthState, type AuthState, type Decide } from '@sessiongate/core';
import type { NextFunction, Request, Response } from 'express';

/** What a middleware does once the request's state is known. */
export type OnState = (req: Request, res: Response, next: NextFunction, state: AuthState) => void;

/**
 * Finds the request's state and hands it to `onState`: the one a previous sessiongate
 * middleware stored (no second verification), or a fresh decision stored under the core's
 * symbol. Synchronously when the core decides without I/O (a cache hit, a missing or malformed
 * credential), so that the route runs in the same tick, as it would without authentication;
 * after the backend call otherwise. Either way `req.session` is (re)written from the state, so a
 * `session` set by another library never survives as ours. A misconfiguration goes to `next(error)`.
 */
export function withAuthState(req: Request, res: Response, next: NextFunction, decide: Decide, onState: OnState): void {
  const known = readAuthState(req);
  if (known !== undefined) return settle(req, res, next, known, onState);
  let result: AuthState | Promise<AuthState>;
  try {
    result = decide({ method: req.method, url: req.originalUrl, headers: req.headers });
  } catch (error) {
    return next(error);
  }
  if (result instanceof Promise) {
    result.then((state) => {
      setAuthState(req, state);
      settle(req, res, next, state, onState);
    }, next);
    return;
  }
  setAuthState(req, result);
  settle(req, res, next, result, onState);
}

function settle(req: Request, res: Response, next: NextFunction, state: AuthState, onState: OnState): void {
  req.session = state.status === 'signed-in' ? state.session : null;
  onState(req, res, next, state);
}
