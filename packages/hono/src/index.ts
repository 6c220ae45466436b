export * from '@sessiongate/core';
export { clerkMiddleware, getAuth, requireSession } from './clerk-middleware.js';
export { clerkWebhook } from './webhook.js';
export type { ClerkEnv, ClerkHonoOptions, ClerkVariables } from './types.js';
