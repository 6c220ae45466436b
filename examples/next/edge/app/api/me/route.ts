import { withAuth } from '@sessiongate/next';

export const dynamic = 'force-dynamic';

export const GET = withAuth(async (_request, { auth }) =>
  Response.json(auth.status === 'signed-in' ? { status: auth.status, userId: auth.userId } : auth),
);
