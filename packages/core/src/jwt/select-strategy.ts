import * as z from 'zod';
import type { AuthState } from '../auth-state.js';
import type { Decide } from '../decide.js';
import { sgError } from '../errors.js';
import type { BackendClient } from '../http/backend-client.js';
import { readEnv } from '../lib/env.js';
import { MISCONFIGURATION_CODES } from '../backend/map-error.js';
import type { ResolveOptions } from '../request/resolve-request.js';
import { createJwksKeySource, jwksSchema } from './jwks-key-source.js';
import { createJwtAuthenticator } from './create-jwt-authenticator.js';
import { normalizePem, type JwtConfig } from './jwt-options.js';
import { createPemKeySource } from './pem-key-source.js';

export interface StrategyInputs {
  jwt: JwtConfig;
  resolve: ResolveOptions;
  backend: BackendClient;
  logger: Pick<Console, 'warn' | 'error'> | false;
  /** The 2021 backend strategy, already built. */
  backendStrategy: Decide;
}

/**
 * Picks the verification strategy at the FIRST request (so `CLERK_JWT_KEY`, like the other env
 * variables, may be loaded after the import): `verification: 'backend'` -> backend; a `jwtKey`
 * option or `CLERK_JWT_KEY` -> networkless with that key (no network); `verification:
 * 'networkless'` -> networkless with the Backend API's JWKS; otherwise the 2021 backend flow.
 * A misconfiguration found while choosing is thrown synchronously (see {@link Decide}).
 */
export function selectStrategy(inputs: StrategyInputs): Decide {
  let chosen: Decide | undefined;
  return function decideRequest(req) {
    chosen ??= choose(inputs);
    return chosen(req);
  };
}

function choose({ jwt, resolve, backend, logger, backendStrategy }: StrategyInputs): Decide {
  if (jwt.verification === 'backend') return backendStrategy;
  const config = {
    resolve,
    issuer: jwt.issuer,
    authorizedParties: jwt.authorizedParties,
    clockSkewMs: jwt.clockSkewMs,
    tokenCacheMax: jwt.tokenCacheMax,
    acceptPendingSessions: jwt.acceptPendingSessions,
  };
  if (jwt.jwtKey !== undefined) return createJwtAuthenticator(createPemKeySource(jwt.jwtKey, 'option "jwtKey"'), config);
  const fromEnv = readEnv('CLERK_JWT_KEY');
  if (fromEnv) {
    const pem = normalizePem(fromEnv);
    if (pem === undefined) throw sgError('ERR_INVALID_OPTION', 'invalid environment variable "CLERK_JWT_KEY": must be a PEM public key');
    return createJwtAuthenticator(createPemKeySource(pem, 'environment variable "CLERK_JWT_KEY"'), config);
  }
  if (jwt.verification !== 'networkless') return backendStrategy;

  let misconfiguration: unknown;
  let warned = false;
  const source = createJwksKeySource({
    refetchIntervalMs: jwt.refetchIntervalMs,
    maxAgeMs: jwt.maxAgeMs,
    fetchJwks: () => {
      misconfiguration = undefined;
      return backend.call({ name: 'jwks.getJwks', method: 'GET', segments: ['jwks'], schema: jwksSchema as z.ZodType<unknown>, retry: true });
    },
    onFailure(error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && MISCONFIGURATION_CODES.has(code)) misconfiguration = error;
      if (warned || logger === false) return;
      warned = true;
      try {
        logger.warn(`${__PKG_NAME__}: could not fetch the JWKS (${typeof code === 'string' ? code : 'no usable RS256 key'}); requests without a known key are 'unavailable'.`);
      } catch {
        // a broken logger must not decide a request
      }
    },
  });
  const networkless = createJwtAuthenticator(source, config);
  // No API key (or a bad env value) is a misconfiguration: loud, as in the backend strategy.
  const loud = (state: AuthState): AuthState => {
    if (misconfiguration !== undefined && state.status === 'unavailable') throw misconfiguration;
    return state;
  };
  return (req) => {
    const result = networkless(req);
    return result instanceof Promise ? result.then(loud) : loud(result);
  };
}
