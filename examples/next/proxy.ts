import type { NextRequest } from 'next/server';
import { sessionProxy } from '@sessiongate/next';

// Authenticates every /api request once and forwards the signed decision to the route
// handlers below (they use it without a second backend call). Next 16 runs proxy.ts on
// the Node.js runtime. /uncovered/* is deliberately outside the matcher: handlers there
// decide for themselves, and a forged x-sessiongate-auth header gets them nothing.
const authenticate = sessionProxy();

export function proxy(request: NextRequest) {
  return authenticate(request);
}

export const config = { matcher: ['/api/:path*'] };
