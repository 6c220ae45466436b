// The global type augmentation (types only: nothing to run, so the bundler has nothing to drop).
export type {} from './augment.js';

export * from '@sessiongate/core';
export { ClerkExpressMiddleware, ClerkExpressWithSession } from './with-session.js';
export { ClerkExpressRequireSession } from './require-session.js';
export { getAuth } from './get-auth.js';
export { ClerkExpressWebhook, keepRawBody } from './webhook.js';
export type { ClerkExpressOptions, ExpressSession } from './types.js';
