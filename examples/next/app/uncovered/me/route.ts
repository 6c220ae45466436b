import { auth } from '@sessiongate/next';

export const dynamic = 'force-dynamic';

// Outside the proxy's matcher: auth() decides from the request's own credentials; a
// forwarded header the client made up does not verify and is ignored.
export async function GET(request: Request) {
  const state = await auth(request);
  return Response.json({ status: state.status, userId: state.status === 'signed-in' ? state.userId : null });
}
