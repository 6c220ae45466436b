import * as z from 'zod';
import { sgError } from './errors.js';
import { DEFAULT_CACHE_MAX, DEFAULT_CACHE_TTL_MS, type VerificationCacheStore } from './cache/index.js';
import { apiKeySchema, apiUrlSchema, apiVersionSchema, type EndpointOptions } from './http/endpoint.js';
import type { Transport } from './http/transport.js';
import { DEFAULT_CONNECTIONS } from './http/undici-transport.js';
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
  /** HTTP transport; default: undici's pool on Node, the platform `fetch` on Bun, Deno, workerd (export conditions). */
  transport?: Transport;
  /** Where warnings go (never given a secret). Default `console`; `false` silences. */
  logger?: Pick<Console, 'warn' | 'error'> | false;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

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

/** How the backend strategy behaves; built from validated {@link ClerkOptions} by {@link parseOptions}. */
export interface AuthenticateConfig {
  requireSessionIdForUnsafeMethods: boolean;
  /**
   * `refreshAhead` (default true): a hit after 75-85% of an entry's TTL (drawn per entry) starts one
   * background verification, so that hot sessions are verified again before they expire
   * instead of stalling a request on a miss; the entry is still never served past its expiry.
   */
  cache: false | { ttlMs: number; max: number; store?: VerificationCacheStore; refreshAhead?: boolean };
  logger: Pick<Console, 'warn' | 'error'> | false;
}

/** Options after validation, with defaults applied (env values still unresolved). */
export interface ParsedOptions extends EndpointOptions {
  timeoutMs: number;
  connections: number;
  maxResponseBytes: number;
  transport: Transport | undefined;
  authenticate: AuthenticateConfig;
  /** Strategy selection and networkless verification. */
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
