import type { NextRequest } from 'next/server';
import { createFetchTransport, sessionProxy } from '@sessiongate/next';

// Edge runtime: undici cannot load here, so the core gets the fetch-based transport; the
// decision reaches the Node.js route handler signed with SESSIONGATE_PROXY_SECRET (the
// Edge sandbox does not share the Node.js process's globalThis).
const authenticate = sessionProxy({ transport: createFetchTransport() });

export function middleware(request: NextRequest) {
  return authenticate(request);
}

export const config = { matcher: ['/api/:path*'] };
