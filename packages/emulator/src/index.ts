export { startEmulator } from './start-emulator.js';
export { EmulatorError, type EmulatorErrorCode, type ClerkErrorJSON } from './errors.js';
export type {
  Emulator,
  EmulatorOptions,
  EmulatorState,
  Fault,
  FaultOptions,
  RequestLogEntry,
  SeedUser,
  SessionStatus,
  SignInResult,
  MintSessionTokenOptions,
  User,
  StoredUser,
  StoredClient,
  StoredSession,
  StoredEmail,
} from './types.js';
