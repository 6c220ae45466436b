import { SessiongateError, type AuthenticatorOptions } from '@sessiongate/core';
import { CLERK_HOOKS, type ClerkHook, type ClerkPluginOptions } from './types.js';

// Keys that Fastify's register() itself understands; they are not ours to validate.
const FASTIFY_REGISTER_KEYS = ['prefix', 'logLevel', 'logSerializers'] as const;

export interface ParsedPluginOptions {
  hook: ClerkHook;
  authenticatorOptions: AuthenticatorOptions | undefined;
}

export function parsePluginOptions(options: ClerkPluginOptions | undefined): ParsedPluginOptions {
  if (options === undefined || options === null) return { hook: 'onRequest', authenticatorOptions: undefined };
  if (typeof options !== 'object') throw invalid(`options must be an object, got ${typeof options}`);
  const { hook = 'onRequest', ...rest } = options as ClerkPluginOptions & Record<string, unknown>;
  if (!(CLERK_HOOKS as readonly unknown[]).includes(hook)) {
    throw invalid(`option "hook" must be one of ${CLERK_HOOKS.map((h) => `'${h}'`).join(', ')}`);
  }
  for (const key of FASTIFY_REGISTER_KEYS) delete rest[key];
  return { hook, authenticatorOptions: Object.keys(rest).length === 0 ? undefined : rest };
}

function invalid(message: string): SessiongateError {
  return new SessiongateError('ERR_INVALID_OPTION', `${__PKG_NAME__}: ${message}`);
}
