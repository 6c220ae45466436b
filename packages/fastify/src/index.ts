import { clerkPlugin } from './clerk-plugin.js';

export * from '@sessiongate/core';
export { clerkPlugin };
export { getAuth } from './get-auth.js';
export { requireSession } from './require-session.js';
export { clerkWebhooks, type ClerkWebhookPluginOptions } from './webhook-plugin.js';
export { CLERK_HOOKS } from './types.js';
export type {
  ClerkFastifyTypes,
  ClerkHook,
  ClerkPluginOptions,
  ClerkRequestSession,
  ClerkRouteMode,
  ClerkSession,
} from './types.js';
export default clerkPlugin;
