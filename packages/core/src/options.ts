import { z } from 'zod';
import type { AuthenticateConfig } from './authenticate.js';
import { sgError } from './errors.js';
import { DEFAULT_CACHE_MAX, DEFAULT_CACHE_TTL_MS, type VerificationCacheStore } from './cache/index.js';
import type { Transport } from './http/transport.js';
import { jwtOptionShape, toJwtConfig, type JwtClerkOptions, type JwtConfig } from './jwt/jwt-options.js';

/**
 * Options of {@link Clerk} / `createClerkClient`. Every one is optional; validated once, at
 * construction. `apiKey`, `apiUrl` and `apiVersion` fall back to `CLERK_API_KEY`,
 * `CLERK_API_URL` and `CLERK_API_VERSION`, read on first use (never at import).
 */
export interface ClerkOptions extends JwtClerkOptions {
  /** Backend API key (env `CLERK_API_KEY`). Sent only as `Authorization: Bearer`. */
  apiKey?: string;
  /** Backend API base URL (env `CLERK_API_URL`), default `https://api.clerk.dev`. */
  apiUrl?: string;
  /** Alias of `apiUrl` (the 2021 SDK's name). */
  serverApiUrl?: string;
  /** Backend API version segment (env `CLERK_API_VERSION`), default `v1`. */
  apiVersion?: string;
  /** Overall deadline per backend call, headers and body included. Default 5000. */
  timeoutMs?: number;
  /** Keep-alive connections of the undici pool per backend origin. Default 32. */
  connections?: number;
  /** Largest accepted response body. Default 1 MiB. */
  maxResponseBytes?: number;
  /** POST/PUT/PATCH/DELETE without `_clerk_session_id` are signed out (no last-active fallback). Default false. */
  requireSessionIdForUnsafeMethods?: boolean;
  /**
   * Opt-in short-lived verification cache. Default false. `ttlMs` default 5000 (at most 60 000),
   * `max` default 10 000 entries, `store` a shared store; `refreshAhead` (default true) verifies a
   * hot entry again in the background once 75-85% of its TTL (drawn per entry) has passed, never serving it past the TTL.
   */
  cache?: false | { ttlMs?: number; max?: number; store?: VerificationCacheStore; refreshAhead?: boolean };
  /** HTTP transport; default: undici. See `createFetchTransport` for Edge runtimes. */
  transport?: Transport;
  /** Where warnings go (never given a secret). Default `console`; `false` silences. */
  logger?: Pick<Console, 'warn' | 'error'> | false;
}

export const DEFAULT_API_URL = 'https://api.clerk.dev';
export const DEFAULT_API_VERSION = 'v1';
const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_CONNECTIONS = 32;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

const apiUrlSchema = z
  .string()
  .refine(isBackendUrl, 'must be an absolute http(s) URL without credentials, query or fragment');
const apiVersionSchema = z.string().regex(/^v[0-9]{1,3}$/, 'must look like "v1"');
const apiKeySchema = z.string().regex(/^[\x21-\x7e]{1,512}$/, 'must be 1..512 printable ASCII characters without spaces');
const fn = (v: unknown): boolean => typeof v === 'function';

const optionsSchema = z.strictObject({
  ...jwtOptionShape,
  apiKey: apiKeySchema.optional(),
  apiUrl: apiUrlSchema.optional(),
  serverApiUrl: apiUrlSchema.optional(),
  apiVersion: apiVersionSchema.optional(),
  timeoutMs: z.number().int().min(1).max(600_000).optional(),
  connections: z.number().int().min(1).max(4096).optional(),
  maxResponseBytes: z.number().int().min(1024).max(1024 ** 3).optional(),
  requireSessionIdForUnsafeMethods: z.boolean().optional(),
  cache: z
    .union([
      z.literal(false),
      z.strictObject({
        ttlMs: z.number().int().min(1).max(3_600_000).optional(),
        max: z.number().int().min(1).max(10_000_000).optional(),
        store: z
          .custom<VerificationCacheStore>((v) => typeof v === 'object' && v !== null, 'must be a cache store object')
          .optional(),
        refreshAhead: z.boolean().optional(),
      }),
    ])
    .optional(),
  transport: z.custom<Transport>(fn, 'must be a function').optional(),
  logger: z
    .union([
      z.literal(false),
      z.custom<Pick<Console, 'warn' | 'error'>>(
        (v) => typeof v === 'object' && v !== null && fn((v as Console).warn) && fn((v as Console).error),
        'must be an object with warn() and error(), or false',
      ),
    ])
    .optional(),
});

/**
 * Every key of {@link ClerkOptions}, read off the schema that validates them: an option added to
 * the schema is known here at once (middleware options are picked by these keys), and the type
 * check below fails when the schema and the interface disagree.
 */
export const CLERK_OPTION_KEYS = Object.keys(optionsSchema.shape) as readonly (keyof ClerkOptions)[];

type SameKeys<A, B> = [Exclude<A, B> | Exclude<B, A>] extends [never] ? true : false;
const schemaMatchesInterface: SameKeys<keyof z.infer<typeof optionsSchema>, keyof ClerkOptions> = true;
void schemaMatchesInterface;

/** Options after validation, with defaults applied (env values still unresolved). */
export interface ParsedOptions {
  apiKey: string | undefined;
  apiUrl: string | undefined;
  apiVersion: string | undefined;
  timeoutMs: number;
  connections: number;
  maxResponseBytes: number;
  transport: Transport | undefined;
  authenticate: AuthenticateConfig;
  /** Strategy selection and networkless verification (issue 8). */
  jwt: JwtConfig;
}

/** Validates `options` once; a bad one throws `ERR_INVALID_OPTION` naming it. */
export function parseOptions(options: unknown = {}): ParsedOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw sgError('ERR_INVALID_OPTION', 'options must be an object');
  }
  const result = optionsSchema.safeParse(options);
  if (!result.success) throw invalidOption(result.error);
  const o = result.data;
  if (o.apiUrl !== undefined && o.serverApiUrl !== undefined && o.apiUrl !== o.serverApiUrl) {
    throw sgError('ERR_INVALID_OPTION', 'invalid option "serverApiUrl": it is an alias of "apiUrl"; give one of them');
  }
  const cache = o.cache
    ? {
        ttlMs: o.cache.ttlMs ?? DEFAULT_CACHE_TTL_MS,
        max: o.cache.max ?? DEFAULT_CACHE_MAX,
        refreshAhead: o.cache.refreshAhead ?? true,
        ...(o.cache.store ? { store: o.cache.store } : {}),
      }
    : false;
  return {
    apiKey: o.apiKey,
    apiUrl: o.apiUrl ?? o.serverApiUrl,
    apiVersion: o.apiVersion,
    timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    connections: o.connections ?? DEFAULT_CONNECTIONS,
    maxResponseBytes: o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    transport: o.transport,
    jwt: toJwtConfig(o),
    authenticate: {
      requireSessionIdForUnsafeMethods: o.requireSessionIdForUnsafeMethods ?? false,
      cache,
      logger: o.logger === undefined ? console : o.logger,
    },
  };
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
 * Resolves key, URL and version from the options, falling back to the environment.
 * Throws `ERR_MISSING_API_KEY` when no key is known (never sends an empty bearer).
 */
export function resolveEndpoint(o: ParsedOptions): Endpoint {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const apiKey = o.apiKey ?? nonEmpty(env.CLERK_API_KEY);
  if (apiKey === undefined) {
    throw sgError('ERR_MISSING_API_KEY', 'no API key: set CLERK_API_KEY or pass the "apiKey" option');
  }
  if (o.apiKey === undefined && !apiKeySchema.safeParse(apiKey).success) {
    throw sgError('ERR_INVALID_OPTION', 'invalid environment variable "CLERK_API_KEY": must be printable ASCII without spaces');
  }
  const apiUrl = o.apiUrl ?? envValue(env.CLERK_API_URL, 'CLERK_API_URL', apiUrlSchema) ?? DEFAULT_API_URL;
  const version = o.apiVersion ?? envValue(env.CLERK_API_VERSION, 'CLERK_API_VERSION', apiVersionSchema) ?? DEFAULT_API_VERSION;
  const url = new URL(apiUrl);
  const basePath = `${url.pathname.replace(/\/+$/, '')}/${version}`;
  return { apiKey, base: `${url.origin}${basePath}`, basePath };
}

function envValue(value: string | undefined, name: string, schema: z.ZodType<string>): string | undefined {
  const v = nonEmpty(value);
  if (v !== undefined && !schema.safeParse(v).success) {
    throw sgError('ERR_INVALID_OPTION', `invalid environment variable "${name}": ${name === 'CLERK_API_URL' ? 'must be an absolute http(s) URL' : 'must look like "v1"'}`);
  }
  return v;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function isBackendUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const u = new URL(value);
  return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && !u.search && !u.hash && !value.includes('#') && !value.includes('?');
}

function invalidOption(error: z.ZodError): Error {
  const issue = specificIssue(error.issues[0]);
  if (issue?.code === 'unrecognized_keys') {
    return sgError('ERR_INVALID_OPTION', `unknown option ${issue.keys.map((k) => `"${k}"`).join(', ')}`);
  }
  const path = issue?.path.length ? issue.path.join('.') : 'options';
  // zod's messages describe the expectation, never echo the value (which could be a key).
  return sgError('ERR_INVALID_OPTION', `invalid option "${path}": ${issue?.message ?? 'invalid'}`);
}

/**
 * A union's own issue ("Invalid input" at `cache`) says less than the issue of the branch the
 * value was meant for (`cache.refreshAhead` must be a boolean): the first branch that got past
 * the value's shape, i.e. whose issue lies deeper in the value, is reported instead.
 */
function specificIssue(issue: z.core.$ZodIssue | undefined): z.core.$ZodIssue | undefined {
  if (issue?.code !== 'invalid_union') return issue;
  for (const branch of issue.errors) {
    const inner = specificIssue(branch[0]);
    if (inner !== undefined && inner.path.length > 0) return { ...inner, path: [...issue.path, ...inner.path] };
  }
  return issue;
}
