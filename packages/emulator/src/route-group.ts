import type { FastifyRequest } from 'fastify';

/** Which access rule a request falls under: the Backend API (key), the control plane (Origin), or neither. */
export type RouteGroup = 'backend' | 'control' | 'other';

export const CONTROL_PREFIX = '/__emulator';

const groupOfPath = (path: string): RouteGroup =>
  path === '/v1' || path.startsWith('/v1/')
    ? 'backend'
    : path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)
      ? 'control'
      : 'other';

/**
 * The group of a request, decided on what the router routed: the matched route's own pattern
 * (ours, never attacker-spelled). A request that matched no route is grouped by its path with
 * percent-escapes decoded and empty, `.` and `..` segments resolved, so that every spelling of
 * an unknown `/v1` path is still a Backend API request (checked for the key, counted).
 */
export function routeGroup(request: FastifyRequest): RouteGroup {
  const pattern = request.routeOptions?.url;
  return pattern === undefined ? targetGroup(request.url) : groupOfPath(pattern);
}

/** The group of a request the router could not route (unknown path, bad URL, over-long parameter). */
export function targetGroup(target: string): RouteGroup {
  return groupOfPath(normalisePath(target));
}

/** The raw request target's path, decoded and with dot and empty segments resolved. */
export function normalisePath(target: string): string {
  const q = target.search(/[?#]/);
  const raw = q === -1 ? target : target.slice(0, q);
  const out: string[] = [];
  for (const seg of raw.split('/').map(decodeSegment).join('/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

function decodeSegment(seg: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}
