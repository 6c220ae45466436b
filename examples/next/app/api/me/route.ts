import { withAuth } from '@sessiongate/next';

export const dynamic = 'force-dynamic';

// The session is optional here: the handler always runs and sees the decision.
export const GET = withAuth(async (_request, { auth, session }) =>
  Response.json({
    status: auth.status,
    userId: session?.userId ?? null,
    reason: auth.status === 'signed-in' ? null : auth.reason,
  }),
);
