// The global type augmentation (types only: nothing to run, so the bundler has nothing to drop).
export type {} from './augment.js';

export * from '@sessiongate/core';
export { clerkMiddleware } from './clerk-middleware.js';
export { requireSession } from './require-session.js';
export { getAuth } from './get-auth.js';
export { clerkWebhook } from './webhook.js';
export type { ClerkKoaOptions, KoaSession } from './types.js';
