import { SessiongateError } from '@sessiongate/core';
import { createDecider, type AuthState, type Decide } from '@sessiongate/core/adapter';
import type { Context } from 'hono';
import type { ClerkHonoOptions } from './types.js';

/** The Worker bindings read from `c.env`, and the client option each one sets. */
const BINDINGS = { apiKey: 'CLERK_API_KEY', apiUrl: 'CLERK_API_URL', jwtKey: 'CLERK_JWT_KEY' } as const;
type Bound = Partial<Record<keyof typeof BINDINGS, string>>;

const MISSING_KEY =
  'no API key: pass the "apiKey" option, or set CLERK_API_KEY in the environment (process.env) ' +
  "or as a binding of the Worker's env (c.env, e.g. a wrangler secret)";

/** The non-blank string bindings of `c.env`, or `undefined` when there is none (Node, Bun, Deno). */
// built once: this runs on every request
const BINDING_ENTRIES = Object.entries(BINDINGS) as [keyof typeof BINDINGS, string][];

function boundOf(env: unknown): Bound | undefined {
  if (typeof env !== 'object' || env === null) return undefined;
  let bound: Bound | undefined;
  for (const [option, name] of BINDING_ENTRIES) {
    const value = (env as Record<string, unknown>)[name];
    if (typeof value === 'string' && value.trim() !== '') (bound ??= {})[option] = value.trim();
  }
  return bound;
}

/**
 * The decide function of a middleware, per request: on Workers the configuration comes from the
 * bindings (`c.env`), not `process.env`. The middleware's own options win over a binding, and a
 * binding over the process environment. One client per distinct set of bindings (in practice one
 * per Worker), made on the first request that carries it. Without bindings, or with a `client`,
 * this is the decider the options designate, as on any other runtime.
 */
export function createContextDecider(options?: ClerkHonoOptions): (c: Context) => Decide {
  const fallback = explainMissingKey(createDecider(options));
  if (options?.client !== undefined) return () => fallback;
  const given = Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined));
  const byBindings = new Map<string, Decide>();
  return (c) => {
    const bound = boundOf(c.env);
    if (bound === undefined) return fallback;
    const key = `${bound.apiKey ?? ''}\0${bound.apiUrl ?? ''}\0${bound.jwtKey ?? ''}`;
    let decide = byBindings.get(key);
    if (decide === undefined) {
      decide = explainMissingKey(createDecider({ ...bound, ...given }));
      byBindings.set(key, decide);
    }
    return decide;
  };
}

/** The core's missing-key error names process.env and the option; in a Hono app c.env is a third place. */
function explainMissingKey(decide: Decide): Decide {
  const rethrow = (error: unknown): never => {
    if (SessiongateError.is(error) && error.code === 'ERR_MISSING_API_KEY') {
      throw new SessiongateError('ERR_MISSING_API_KEY', `${__PKG_NAME__}: ${MISSING_KEY}`, { cause: error });
    }
    throw error;
  };
  return (input) => {
    let state: AuthState | Promise<AuthState>;
    try {
      state = decide(input);
    } catch (error) {
      return rethrow(error);
    }
    return typeof (state as Promise<AuthState>).then === 'function' ? (state as Promise<AuthState>).catch(rethrow) : state;
  };
}
