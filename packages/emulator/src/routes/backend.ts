import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { EmulatorContext } from '../context.js';
import { clerkErrors, EmulatorError } from '../errors.js';
import { clientJSON, sessionJSON, userJSON } from '../serialize.js';
import { deletedJSON } from '../webhooks/store-events.js';
import type { StoredSession } from '../types.js';
import { organizationRoutes } from '../organizations/organization-routes.js';

const tokenBody = z.object({ token: z.string().min(1).max(8192) });
const idParams = z.object({ id: z.string().min(1).max(512) });
const intParam = (min: number, max: number, dflt: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((v) => v ?? dflt);
const paging = { limit: intParam(1, 500, 10), offset: intParam(0, 1_000_000, 0), paginated: z.string().optional() };
const sessionStatus = z.enum(['abandoned', 'active', 'ended', 'expired', 'removed', 'replaced', 'revoked']);
const sessionListQuery = z.object({
  client_id: z.string().max(512).optional(),
  user_id: z.string().max(512).optional(),
  status: sessionStatus.optional(),
  ...paging,
});
const listQuery = z.object(paging);
const userListQuery = z.object({
  email_address: z.union([z.string().max(320), z.array(z.string().max(320)).max(100)]).optional(),
  ...paging,
});
const createUserBody = z.object({
  email_address: z.union([z.string(), z.array(z.string()).length(1)]).optional(),
  first_name: z.string().max(256).optional(),
  last_name: z.string().max(256).optional(),
});

const updateUserBody = z.object({
  first_name: z.string().max(256).nullable().optional(),
  last_name: z.string().max(256).nullable().optional(),
  primary_email_address_id: z.string().min(1).max(140).optional(),
});

function invalid(reply: FastifyReply, error: z.ZodError) {
  const issue = error.issues[0];
  const param = issue?.path.join('.') ?? '';
  const missing = issue?.code === 'invalid_type' && issue.input === undefined;
  return reply.code(422).send(
    clerkErrors(
      missing ? 'form_param_missing' : 'form_param_format_invalid',
      missing ? 'missing parameter' : 'is invalid',
      missing ? `${param || 'A parameter'} is missing.` : `${param || 'The request'} is invalid.`,
      param ? { param_name: param } : undefined,
    ),
  );
}

const notFound = (reply: FastifyReply, what = 'Resource') =>
  reply.code(404).send(clerkErrors('resource_not_found', 'not found', `${what} not found.`));

/**
 * The answer for a session that is not active: 400 with code `session_<status>`
 * (`session_ended`, `session_revoked`, `session_expired`, `session_abandoned`, …).
 */
const inactive = (reply: FastifyReply, s: StoredSession) =>
  reply
    .code(400)
    .send(clerkErrors(`session_${s.status}`, `session ${s.status}`, `The session is ${s.status}, not active.`, { status: s.status }));

const page = <T>(items: T[], q: { limit: number; offset: number }) => items.slice(q.offset, q.offset + q.limit);
const newestFirst = <T extends { createdAt: number }>(a: T, b: T) => b.createdAt - a.createdAt;

/** The Backend API routes under /v1 (the API key is checked by a hook before these run). */
export function backendRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { store } = ctx;

  organizationRoutes(app, ctx);

  // The instance's public keys, for networkless verification of session tokens.
  app.get('/v1/jwks', async () => ctx.tokens.jwks());

  app.post('/v1/clients/verify', async (req, reply) => {
    const body = tokenBody.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error);
    const client = store.clientByToken(body.data.token);
    if (!client) return notFound(reply, 'Client');
    store.refreshClient(client);
    const last = client.lastActiveSessionId ? store.sessions.get(client.lastActiveSessionId) : undefined;
    if (last && last.status === 'active') store.touch(last);
    return clientJSON(client, store);
  });

  app.get('/v1/clients', async (req, reply) => {
    const q = listQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error);
    store.refresh();
    return page([...store.clients.values()].sort(newestFirst), q.data).map((c) => clientJSON(c, store));
  });

  app.get('/v1/clients/:id', async (req, reply) => {
    const { id } = idParams.parse(req.params);
    const client = store.clients.get(id);
    if (!client) return notFound(reply, 'Client');
    store.refreshClient(client);
    return clientJSON(client, store);
  });

  app.post('/v1/sessions/:id/verify', async (req, reply) => {
    const { id } = idParams.parse(req.params);
    const body = tokenBody.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error);
    const client = store.clientByToken(body.data.token);
    const session = store.sessions.get(id);
    if (!client || !session || session.clientId !== client.id) return notFound(reply, 'Session');
    store.refreshClient(client);
    if (session.status !== 'active') return inactive(reply, session);
    store.touch(session);
    return sessionJSON(session);
  });

  app.get('/v1/sessions', async (req, reply) => {
    const q = sessionListQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error);
    store.refresh();
    const { client_id, user_id, status } = q.data;
    const list = [...store.sessions.values()]
      .filter((s) => (client_id === undefined || s.clientId === client_id) && (user_id === undefined || s.userId === user_id))
      .filter((s) => status === undefined || s.status === status)
      .sort(newestFirst);
    return page(list, q.data).map(sessionJSON);
  });

  app.get('/v1/sessions/:id', async (req, reply) => {
    const { id } = idParams.parse(req.params);
    const session = store.sessions.get(id);
    if (!session) return notFound(reply, 'Session');
    store.refreshClient(store.clients.get(session.clientId));
    return sessionJSON(session);
  });

  app.post('/v1/sessions/:id/revoke', async (req, reply) => {
    const { id } = idParams.parse(req.params);
    const session = store.sessions.get(id);
    if (!session) return notFound(reply, 'Session');
    store.refreshClient(store.clients.get(session.clientId));
    if (session.status !== 'active') return inactive(reply, session);
    return sessionJSON(store.deactivate(id, 'revoked'));
  });

  app.get('/v1/users', async (req, reply) => {
    const q = userListQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error);
    const emails = q.data.email_address === undefined ? undefined : [q.data.email_address].flat().map((e) => e.trim().toLowerCase());
    const list = [...store.users.values()]
      .filter((u) => !emails || u.emails.some((e) => emails.includes(e.emailAddress)))
      .sort(newestFirst);
    return page(list, q.data).map(userJSON);
  });

  app.get('/v1/users/:id', async (req, reply) => {
    const { id } = idParams.parse(req.params);
    const user = store.users.get(id);
    if (!user) return notFound(reply, 'User');
    return userJSON(user);
  });

  // Today's UpdateUser: the names and the primary email address (other fields are accepted and ignored).
  app.patch('/v1/users/:id', async (req, reply) => {
    const { id } = idParams.parse(req.params);
    if (!store.users.has(id)) return notFound(reply, 'User');
    const body = updateUserBody.safeParse(req.body ?? {});
    if (!body.success) return invalid(reply, body.error);
    const { first_name, last_name, primary_email_address_id } = body.data;
    try {
      return userJSON(
        store.updateUser(id, {
          ...(first_name === undefined ? {} : { firstName: first_name }),
          ...(last_name === undefined ? {} : { lastName: last_name }),
          ...(primary_email_address_id === undefined ? {} : { primaryEmailAddressId: primary_email_address_id }),
        }),
      );
    } catch (e) {
      if (EmulatorError.is(e) && e.code === 'ERR_INVALID_ARGUMENT') {
        return reply.code(422).send(clerkErrors('form_param_format_invalid', 'is invalid', 'primary_email_address_id is invalid.', { param_name: 'primary_email_address_id' }));
      }
      throw e;
    }
  });

  // Today's DeleteUser: a DeletedObject; the user's active sessions become removed.
  app.delete('/v1/users/:id', async (req, reply) => {
    const { id } = idParams.parse(req.params);
    if (!store.users.has(id)) return notFound(reply, 'User');
    return deletedJSON('user', store.deleteUser(id).id);
  });

  app.post('/v1/users', async (req, reply) => {
    const body = createUserBody.safeParse(req.body ?? {});
    if (!body.success) return invalid(reply, body.error);
    const email = body.data.email_address === undefined ? undefined : [body.data.email_address].flat()[0];
    try {
      const user = store.createUser({ email, firstName: body.data.first_name, lastName: body.data.last_name });
      return userJSON(user);
    } catch (e) {
      if (EmulatorError.is(e) && e.code === 'ERR_DUPLICATE_USER') {
        return reply
          .code(422)
          .send(clerkErrors('form_identifier_exists', 'That email address is taken.', 'That email address is taken. Please try another.', { param_name: 'email_address' }));
      }
      if (EmulatorError.is(e)) {
        return reply.code(422).send(clerkErrors('form_param_format_invalid', 'is invalid', 'email_address is invalid.', { param_name: 'email_address' }));
      }
      throw e;
    }
  });
}
