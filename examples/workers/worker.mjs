// The Worker: the app as the module's default export (Hono's app has fetch(request, env, ctx)).
// requireSession() reads CLERK_API_KEY and CLERK_API_URL from the Worker's bindings (c.env).
import { app } from './app.mjs';

export default app;
