import { createDecider, guardRequest, localsSlot, type AdapterIdiom, type RequireCheck } from '@sessiongate/core/adapter';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ClerkExpressOptions } from './types.js';

/** Express's idiom: `req.session`, `next()` and `next(error)`, and a failure sent with no body. */
const express: AdapterIdiom<Request, Response, NextFunction, void> = {
  inputOf: (req) => ({ method: req.method, url: req.originalUrl, headers: req.headers }),
  setSession: (req, session) => void (req.session = session),
  pass: (_res, next) => next(),
  fail: (res, _next, failure) => void res.status(failure.status).set(failure.headers).end(),
  error: (_res, next, error) => next(error),
  slot: localsSlot,
};

/**
 * A middleware that decides the request once (reusing the state an earlier sessiongate
 * middleware stored), rewrites `req.session` from the state (so a `session` set by another
 * library never survives as ours) and answers `check`'s verdict: in the same tick when the core
 * decides without I/O, after the backend call otherwise. A misconfiguration, or an `authorize`
 * that throws or rejects, goes to `next(error)`.
 */
export function authMiddleware(options: ClerkExpressOptions | undefined, check: RequireCheck): RequestHandler {
  const decide = createDecider(options);
  return function sessiongateMiddleware(req, res, next) {
    // not returned: Express 5 would take a returned promise's rejection for a second next(error)
    guardRequest(req, res, next, decide, check, express);
  };
}
