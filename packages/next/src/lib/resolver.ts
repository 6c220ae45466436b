import { createAuthenticator, type AuthenticatorOptions, type AuthState, type HeaderBag } from '@sessiongate/core/adapter';
import * as z from 'zod';
import { FORWARDED_AUTH_HEADER, verifyForwardedState } from '../proxy/forwarded-state.js';
import { lazyProxySecret } from '../proxy/proxy-secret.js';
import { decisionPolicy } from './decision-policy.js';
import { headerText } from './header-text.js';
import { PKG } from './package-name.js';
import { applyRouteRules, routeRules } from './route-rules.js';

/** Options of every helper: the core's client options plus how forwarded proxy decisions are read. */
export interface NextAuthOptions extends AuthenticatorOptions {
  /**
   * Secret (at least 32 characters) shared with `sessionProxy()`. Default: env
   * `SESSIONGATE_PROXY_SECRET`, else a random per-process secret.
   */
  proxySecret?: string;
  /** Use a decision forwarded by `sessionProxy()` when it verifies. Default `true`. */
  trustProxy?: boolean;
}

const nextOptionsSchema = z.object({
  proxySecret: z.string().min(32, 'must be at least 32 characters').optional(),
  trustProxy: z.boolean().optional(),
});

/** Splits and validates our own options; throws a TypeError naming the package and the option. */
export function splitOptions<T extends NextAuthOptions>(
  options: T | undefined,
  extraKeys: readonly string[] = [],
): { own: Pick<NextAuthOptions, 'proxySecret' | 'trustProxy'>; core: AuthenticatorOptions; extra: Record<string, unknown> } {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`${PKG}: options must be an object`);
  }
  const { proxySecret, trustProxy, ...rest } = (options ?? {}) as NextAuthOptions & Record<string, unknown>;
  const parsed = nextOptionsSchema.safeParse({ proxySecret, trustProxy });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`${PKG}: invalid option "${String(issue?.path[0] ?? '')}": ${issue?.message ?? 'invalid'}`);
  }
  const extra: Record<string, unknown> = {};
  for (const key of extraKeys) {
    if (key in rest) {
      extra[key] = rest[key];
      delete rest[key];
    }
  }
  return { own: parsed.data, core: rest as AuthenticatorOptions, extra };
}

/** What the resolver needs from a request, in either Node or WHATWG shape. */
export interface ResolvableRequest {
  method?: string;
  url: string;
  headers: HeaderBag;
}

export type Resolver = (req: ResolvableRequest | Request) => Promise<AuthState>;

/**
 * Builds the function that decides a request: a verified decision forwarded by
 * `sessionProxy()` when present, with this route's own request rules applied on top (a
 * forwarded decision is never looser than the route's own), otherwise the core's
 * `authenticateRequest`. The proxy secret is resolved at the first request, whatever it carries.
 */
export function createResolver(options?: NextAuthOptions): Resolver {
  const { own, core } = splitOptions(options);
  const authenticate = createAuthenticator(core);
  const trustProxy = own.trustProxy ?? true;
  const secret = lazyProxySecret(own.proxySecret);
  const policy = decisionPolicy(core);
  const rules = routeRules(core);
  return async (req) => {
    if (trustProxy) {
      const key = secret();
      const forwarded = headerText(req.headers, FORWARDED_AUTH_HEADER);
      if (forwarded !== undefined) {
        const state = await verifyForwardedState(forwarded, { headers: req.headers, url: req.url, method: req.method, policy }, key);
        const ruled = state && applyRouteRules(state, req, rules);
        if (ruled) return ruled;
      }
    }
    return authenticate(req);
  };
}

/** The decision policy of helpers built with `options` (what a forwarded decision must be signed with). */
export function policyOf(options: NextAuthOptions | undefined): string {
  return decisionPolicy(splitOptions(options).core);
}
