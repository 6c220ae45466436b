// The app, the same on every runtime: GET /api/me needs a session and answers { userId }.
// requireSession() with no options reads CLERK_API_KEY and CLERK_API_URL from the environment
// (on Workers, from the bindings: c.env).
import { requireSession } from '@sessiongate/hono';
import { Hono } from 'hono';

export const app = new Hono();
app.get('/api/me', requireSession(), (c) => c.json({ userId: c.get('session').userId }));
