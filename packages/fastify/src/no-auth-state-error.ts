import { noAuthStateError as coreNoAuthStateError } from '@sessiongate/core/adapter';

export const noAuthStateError = (caller: string) =>
  coreNoAuthStateError(caller, `register ${__PKG_NAME__}`, '(app.register(clerkPlugin)) in this scope or a parent scope');
