export * from '@sessiongate/core';
export { clerkMiddleware, getAuth, requireSession } from './clerk-middleware.js';
export type { ClerkEnv, ClerkHonoOptions, ClerkVariables } from './types.js';
