import { SessiongateError } from '@sessiongate/core';

export function noAuthStateError(caller: string): SessiongateError {
  return new SessiongateError(
    'ERR_NO_AUTH_STATE',
    `${caller} found no auth state — register ${__PKG_NAME__} first (app.register(clerkPlugin)) in this scope or a parent scope`,
  );
}
