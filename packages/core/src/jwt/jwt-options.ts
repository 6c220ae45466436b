import * as z from 'zod';
import { sgError } from '../errors.js';

/** Networkless options of {@link ClerkOptions} (see the core README, "Verification strategies"). */
export interface JwtClerkOptions {
  /**
   * `'backend'` (the 2021 flow: one Backend API call per request) or `'networkless'` (session
   * JWTs verified locally). Default: `'networkless'` when a `jwtKey` / `CLERK_JWT_KEY` is set,
   * else `'backend'`.
   */
  verification?: 'backend' | 'networkless';
  /** The instance's PEM public key (env `CLERK_JWT_KEY`): networkless with no network at all. */
  jwtKey?: string;
  /** Accepted `iss` values (your Frontend API URL). Default: any https URL (http only on loopback). */
  issuer?: string | string[];
  /** Origins accepted in a token's `azp` claim; a token with another `azp` is signed out. */
  authorizedParties?: string[];
  /** Tolerance for `exp`/`nbf`/`iat`, in ms. Default 5000. */
  clockSkewMs?: number;
  /** Cache of verified tokens, each valid until its `exp` (time claims re-checked per hit). Default `{ max: 10000 }`. */
  tokenCache?: false | { max?: number };
  /** JWKS fetched from the Backend API: min interval between unknown-`kid` refetches (default 30 s) and max age (default 1 h). */
  jwks?: { refetchIntervalMs?: number; maxAgeMs?: number };
  /**
   * Sign in sessions whose token says `sts: "pending"` (signed in, a task such as choosing an
   * organization left); they carry `sessionStatus: 'pending'`. Default false: `session-pending`.
   */
  acceptPendingSessions?: boolean;
}

/** {@link JwtClerkOptions} after validation, with defaults. */
export interface JwtConfig {
  verification: 'backend' | 'networkless' | undefined;
  jwtKey: string | undefined;
  issuer: readonly string[] | undefined;
  authorizedParties: readonly string[] | undefined;
  clockSkewMs: number;
  tokenCacheMax: number;
  refetchIntervalMs: number;
  maxAgeMs: number;
  acceptPendingSessions: boolean;
}

const PEM_MAX = 16 * 1024;
const pemSchema = z
  .string()
  .max(PEM_MAX, 'must be a PEM public key of at most 16 KiB')
  .refine((v) => normalizePem(v) !== undefined, 'must be a PEM public key ("-----BEGIN PUBLIC KEY-----…")');
const urlString = z.string().min(1).max(2048).refine((v) => URL.canParse(v), 'must be an absolute URL');

/** Zod shape merged into the core's options schema. */
export const jwtOptionShape = {
  verification: z.enum(['backend', 'networkless']).optional(),
  jwtKey: pemSchema.optional(),
  issuer: z.union([urlString, z.array(urlString).min(1).max(32)]).optional(),
  authorizedParties: z.array(z.string().min(1).max(2048)).max(256).optional(),
  clockSkewMs: z.number().int().min(0).max(300_000).optional(),
  tokenCache: z.union([z.literal(false), z.strictObject({ max: z.number().int().min(1).max(1_000_000).optional() })]).optional(),
  jwks: z
    .strictObject({
      refetchIntervalMs: z.number().int().min(100).max(86_400_000).optional(),
      maxAgeMs: z.number().int().min(1000).max(7 * 86_400_000).optional(),
    })
    .optional(),
  acceptPendingSessions: z.boolean().optional(),
};

type JwtInput = { [K in keyof typeof jwtOptionShape]?: z.output<(typeof jwtOptionShape)[K]> };

/** Applies defaults; a `jwtKey` with `verification: 'backend'` is a contradiction. */
export function toJwtConfig(o: JwtInput): JwtConfig {
  if (o.jwtKey !== undefined && o.verification === 'backend') {
    throw sgError('ERR_INVALID_OPTION', 'invalid option "jwtKey": it selects networkless verification; remove it or verification: "backend"');
  }
  return {
    verification: o.verification,
    jwtKey: o.jwtKey === undefined ? undefined : normalizePem(o.jwtKey),
    issuer: o.issuer === undefined ? undefined : [o.issuer].flat(),
    authorizedParties: o.authorizedParties,
    clockSkewMs: o.clockSkewMs ?? 5000,
    tokenCacheMax: o.tokenCache === false ? 0 : (o.tokenCache?.max ?? 10_000),
    refetchIntervalMs: o.jwks?.refetchIntervalMs ?? 30_000,
    maxAgeMs: o.jwks?.maxAgeMs ?? 3_600_000,
    acceptPendingSessions: o.acceptPendingSessions ?? false,
  };
}

/**
 * A PEM SPKI public key as jose wants it: `\n` escapes (common in env files) become newlines; a
 * bare base64 body gets its armour. `undefined` when it is not a public key.
 */
export function normalizePem(value: string): string | undefined {
  const text = value.trim().replace(/\\n/g, '\n');
  const body = text
    .replace(/-----BEGIN PUBLIC KEY-----/, '')
    .replace(/-----END PUBLIC KEY-----/, '')
    .replace(/\s+/g, '');
  const armoured = text.startsWith('-----BEGIN PUBLIC KEY-----') && text.endsWith('-----END PUBLIC KEY-----');
  if (!armoured && text.includes('-----')) return undefined;
  if (!/^[A-Za-z0-9+/]{64,}={0,2}$/.test(body)) return undefined;
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----`;
}
