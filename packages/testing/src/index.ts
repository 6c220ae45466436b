export { createTestAuth } from './create-test-auth.js';
export { authed, type AuthedOptions, type HeaderSettable } from './authed.js';
export { withSessionId } from './with-session-id.js';
export { TestingError, type TestingErrorCode } from './errors.js';
export type {
  Emulator,
  Fault,
  FaultOptions,
  OutageOptions,
  Restore,
  SeedUser,
  SignedIn,
  SignInOptions,
  Strategy,
  TestAuth,
  TestAuthEnv,
  TestAuthOptions,
  TestClerkOptions,
  TestClock,
  TestEmulatorOptions,
  User,
  UserRef,
} from './types.js';
