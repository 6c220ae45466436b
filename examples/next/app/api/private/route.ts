import { requireAuth } from '@sessiongate/next';

export const dynamic = 'force-dynamic';

// 401 (no body) when signed out, 503 when the backend cannot decide; the handler never runs then.
export const GET = requireAuth(async (_request, { session }) =>
  Response.json({ userId: session.userId, sessionId: session.id }),
);
