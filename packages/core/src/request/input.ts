/**
 * Request headers as the core accepts them: a WHATWG `Headers`, or a plain object whose values
 * are strings or string arrays (Node's `IncomingHttpHeaders`, as Express, Koa and Fastify expose it).
 */
export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/**
 * What {@link authenticateRequest} reads: a WHATWG `Request`, or the three parts every framework has.
 * `url` is an absolute URL or a path with its query (`/api/me?_clerk_session_id=sess_1`); only
 * its query is read. `method` defaults to `GET`.
 */
export type AuthenticateRequestInput =
  | Request
  | { method?: string | undefined; url: string; headers: HeaderBag };
