import { createDecider, decideAuthState, sessionOf, type AuthState } from '@sessiongate/core/adapter';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ClerkExpressOptions } from './types.js';

/** What a middleware does once the request's state is known (and mirrored on `req.session`). */
export type OnState = (res: Response, next: NextFunction, state: AuthState) => void;

const inputOf = (req: Request) => ({ method: req.method, url: req.originalUrl, headers: req.headers });

/**
 * A middleware that decides the request once (reusing the state an earlier sessiongate
 * middleware stored), rewrites `req.session` from the state (so a `session` set by another
 * library never survives as ours) and hands over to `onState`: in the same tick when the core
 * decides without I/O, after the backend call otherwise. A misconfiguration goes to `next(error)`.
 */
export function authMiddleware(options: ClerkExpressOptions | undefined, onState: OnState): RequestHandler {
  const decide = createDecider(options);
  return function sessiongateMiddleware(req, res, next) {
    const result = decideAuthState(req, decide, inputOf);
    if (result instanceof Promise) result.then((state) => settle(req, res, next, state, onState), next);
    else settle(req, res, next, result, onState);
  };
}

function settle(req: Request, res: Response, next: NextFunction, state: AuthState, onState: OnState): void {
  req.session = sessionOf(state);
  onState(res, next, state);
}
