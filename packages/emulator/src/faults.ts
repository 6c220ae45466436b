import { z } from 'zod';
import { EmulatorError } from './errors.js';
import type { Fault, FaultOptions } from './types.js';

export const faultSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('status'),
    status: z.number().int().min(100).max(599),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  }),
  z.object({
    type: z.literal('raw'),
    status: z.number().int().min(100).max(599).optional(),
    body: z.string(),
    contentType: z.string().optional(),
  }),
  z.object({ type: z.literal('latency'), ms: z.number().int().min(0).max(600_000) }),
  z.object({ type: z.literal('reset') }),
  z.object({ type: z.literal('hang') }),
  z.object({
    type: z.literal('slow-body'),
    intervalMs: z.number().int().min(1).max(60_000).optional(),
    body: z.string().optional(),
  }),
  z.object({ type: z.literal('rate-limit'), retryAfter: z.number().int().min(0) }),
  z.object({ type: z.literal('gone') }),
]);

export const faultOptionsSchema = z.object({ times: z.number().int().min(1).optional() }).strict();

const ROUTE_PATTERN = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\/v1(?:\/[^\s?#]*)?)$/;

/**
 * Normalizes a fault route: `'*'`, or `'METHOD /v1/path'` where parameter segments
 * (`:session_id`, `{id}`) become `:id` as the emulator's routes name them.
 */
export function normalizeRoute(route: string): string {
  const trimmed = route.trim().replace(/\s+/g, ' ');
  if (trimmed === '*') return '*';
  const m = ROUTE_PATTERN.exec(trimmed.replace(/^[a-z]+/, (x) => x.toUpperCase()));
  if (!m) {
    throw new EmulatorError(
      'ERR_INVALID_ARGUMENT',
      `fault route must be '*' or 'METHOD /v1/…' (e.g. 'POST /v1/sessions/:id/verify'), got ${JSON.stringify(route.slice(0, 100))}`,
    );
  }
  const path = m[2]!
    .split('/')
    .map((seg) => (/^(:[A-Za-z_]+|\{[A-Za-z_]+\})$/.test(seg) ? ':id' : seg))
    .join('/')
    .replace(/\/$/, '');
  return `${m[1]} ${path}`;
}

interface Armed {
  fault: Fault;
  remaining: number;
}

/** Faults armed per route, in order; each fires `times` times (forever when absent). */
export class FaultRegistry {
  private byRoute = new Map<string, Armed[]>();

  add(route: string, fault: Fault, options: FaultOptions = {}): void {
    const key = normalizeRoute(route);
    const parsed = faultSchema.safeParse(fault);
    if (!parsed.success) {
      throw new EmulatorError('ERR_INVALID_ARGUMENT', `invalid fault: ${z.prettifyError(parsed.error)}`);
    }
    const opts = faultOptionsSchema.safeParse(options);
    if (!opts.success) throw new EmulatorError('ERR_INVALID_ARGUMENT', `invalid fault options: ${z.prettifyError(opts.error)}`);
    const list = this.byRoute.get(key) ?? [];
    list.push({ fault: parsed.data as Fault, remaining: opts.data.times ?? Infinity });
    this.byRoute.set(key, list);
  }

  /** Takes the fault that applies to this request, if any (the route's own first, then '*'). */
  take(method: string, route: string | undefined, path: string): Fault | undefined {
    if (!path.startsWith('/v1/') && path !== '/v1') return undefined;
    const keys = route ? [`${method} ${route}`, '*'] : ['*'];
    for (const key of keys) {
      const list = this.byRoute.get(key);
      const armed = list?.[0];
      if (!list || !armed) continue;
      armed.remaining -= 1;
      if (armed.remaining <= 0) list.shift();
      if (list.length === 0) this.byRoute.delete(key);
      return armed.fault;
    }
    return undefined;
  }

  list(): { route: string; fault: Fault; remaining: number | null }[] {
    return [...this.byRoute.entries()].flatMap(([route, list]) =>
      list.map((a) => ({ route, fault: a.fault, remaining: Number.isFinite(a.remaining) ? a.remaining : null })),
    );
  }

  clear(): void {
    this.byRoute.clear();
  }
}
