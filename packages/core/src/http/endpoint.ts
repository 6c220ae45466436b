import * as z from 'zod';
import { sgError } from '../errors.js';
import { readEnv } from '../lib/env.js';

export const DEFAULT_API_URL = 'https://api.clerk.dev';
export const DEFAULT_API_VERSION = 'v1';

export const apiUrlSchema = z
  .string()
  .refine(isBackendUrl, 'must be an absolute http(s) URL without credentials, query or fragment');
export const apiVersionSchema = z.string().regex(/^v[0-9]{1,3}$/, 'must look like "v1"');
export const apiKeySchema = z.string().regex(/^[\x21-\x7e]{1,512}$/, 'must be 1..512 printable ASCII characters without spaces');

/** What a client was given (each may be left to the environment). */
export interface EndpointOptions {
  apiKey: string | undefined;
  apiUrl: string | undefined;
  apiVersion: string | undefined;
}

/** Where requests go and with which key; resolved from options and env at first use. */
export interface Endpoint {
  apiKey: string;
  /** `apiUrl` without a trailing slash, plus `/` + version, e.g. `https://api.clerk.dev/v1`. */
  base: string;
  /** The pathname of `base`, e.g. `/v1`. */
  basePath: string;
}

/**
 * Resolves key, URL and version from the options, falling back to `CLERK_API_KEY`,
 * `CLERK_API_URL` and `CLERK_API_VERSION`. Throws `ERR_MISSING_API_KEY` when no key is known
 * (never sends an empty bearer), `ERR_INVALID_OPTION` for a malformed environment value.
 */
export function resolveEndpoint(o: EndpointOptions): Endpoint {
  const apiKey = o.apiKey ?? readEnv('CLERK_API_KEY');
  if (apiKey === undefined) {
    throw sgError('ERR_MISSING_API_KEY', 'no API key: set CLERK_API_KEY or pass the "apiKey" option');
  }
  if (o.apiKey === undefined && !apiKeySchema.safeParse(apiKey).success) {
    throw sgError('ERR_INVALID_OPTION', 'invalid environment variable "CLERK_API_KEY": must be printable ASCII without spaces');
  }
  const apiUrl = o.apiUrl ?? envValue('CLERK_API_URL', apiUrlSchema, 'must be an absolute http(s) URL') ?? DEFAULT_API_URL;
  const version = o.apiVersion ?? envValue('CLERK_API_VERSION', apiVersionSchema, 'must look like "v1"') ?? DEFAULT_API_VERSION;
  const url = new URL(apiUrl);
  const basePath = `${url.pathname.replace(/\/+$/, '')}/${version}`;
  return { apiKey, base: `${url.origin}${basePath}`, basePath };
}

function envValue(name: string, schema: z.ZodType<string>, expected: string): string | undefined {
  const v = readEnv(name);
  if (v !== undefined && !schema.safeParse(v).success) {
    throw sgError('ERR_INVALID_OPTION', `invalid environment variable "${name}": ${expected}`);
  }
  return v;
}

function isBackendUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const u = new URL(value);
  return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && !u.search && !u.hash && !value.includes('#') && !value.includes('?');
}
