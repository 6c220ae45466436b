import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { EmulatorContext } from '../context.js';
import { clerkErrors, EmulatorError } from '../errors.js';
import { faultOptionsSchema, faultSchema } from '../faults.js';
import { publicUser } from '../serialize.js';
import { emulatorStateSchema } from '../state-schema.js';
import type { Fault } from '../types.js';
import { webhookRoutes } from './webhooks.js';
import { organizationControlRoutes, signInExtrasShape, stripUndefined } from '../organizations/control-routes.js';
import { signInWithExtras } from '../organizations/sign-in.js';

export const seedUserSchema = z
  .object({
    id: z.string().max(140).optional(),
    email: z.string().max(320).optional(),
    firstName: z.string().max(256).optional(),
    lastName: z.string().max(256).optional(),
  })
  .strict();
export const updateUserSchema = z
  .object({
    firstName: z.string().max(256).nullable().optional(),
    lastName: z.string().max(256).nullable().optional(),
    primaryEmailAddressId: z.string().min(1).max(140).optional(),
  })
  .strict();
const userParams = z.object({ id: z.string().min(1).max(140) });
export const signInSchema = z
  .object({ userId: z.string().max(140).optional(), email: z.string().max(320).optional(), clientToken: z.string().max(8192).optional(), ...signInExtrasShape })
  .strict();
export const mintSchema = z
  .object({
    sessionId: z.string().min(1).max(512),
    azp: z.string().max(2048).optional(),
    lifetimeMs: z.number().int().min(1000).max(86_400_000).optional(),
    issuedAt: z.number().int().min(0).optional(),
    claims: z.record(z.string(), z.unknown()).optional(),
    kid: z.string().max(256).nullable().optional(),
    version: z.union([z.literal(1), z.literal(2)]).optional(),
  })
  .strict();
export const rotateSchema = z.object({ overlapMs: z.number().int().min(0).max(86_400_000).optional() }).strict();
const sessionBody = z.object({ sessionId: z.string().min(1).max(512) }).strict();
const activeBody = z.object({ clientToken: z.string().min(1).max(8192), sessionId: z.string().min(1).max(512) }).strict();
const clockBody = z.object({ advanceMs: z.number().int().min(0) }).strict();
const faultBody = z.object({ route: z.string().max(300), fault: faultSchema }).extend(faultOptionsSchema.shape).strict();

const STATUS_BY_CODE: Record<string, number> = {
  ERR_UNKNOWN_USER: 404,
  ERR_UNKNOWN_SESSION: 404,
  ERR_UNKNOWN_CLIENT: 404,
  ERR_DUPLICATE_USER: 409,
  ERR_SESSION_INACTIVE: 409,
};

/** Hooks for the control-plane routes: a small adapter from thrown errors to HTTP. */
export async function run<T>(reply: FastifyReply, fn: () => T | Promise<T>): Promise<unknown> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof z.ZodError) {
      return reply.code(422).send(clerkErrors('invalid_body', 'invalid body', z.prettifyError(e)));
    }
    if (EmulatorError.is(e)) {
      return reply.code(STATUS_BY_CODE[e.code] ?? 400).send(clerkErrors(e.code, e.message, e.message));
    }
    throw e;
  }
}

/**
 * The control plane under /__emulator/: HTTP equivalents of the programmatic API.
 * No API key; browsers may call it only from `corsOrigins` (checked by a hook).
 */
export function controlRoutes(app: FastifyInstance, ctx: EmulatorContext, reset: () => void): void {
  const { store, faults, log } = ctx;
  const P = '/__emulator';

  app.get(`${P}/health`, async () => ({ ok: true, name: __PKG_NAME__, version: __PKG_VERSION__ }));
  webhookRoutes(app, ctx, run);
  organizationControlRoutes(app, ctx);

  app.get(`${P}/users`, async () => [...store.users.values()].map(publicUser));
  app.post(`${P}/users`, async (req, reply) => run(reply, () => publicUser(store.createUser(seedUserSchema.parse(req.body ?? {})))));
  app.patch(`${P}/users/:id`, async (req, reply) =>
    run(reply, () => publicUser(store.updateUser(userParams.parse(req.params).id, stripUndefined(updateUserSchema.parse(req.body ?? {}))))),
  );
  app.delete(`${P}/users/:id`, async (req, reply) => run(reply, () => ({ id: store.deleteUser(userParams.parse(req.params).id).id, deleted: true })));

  app.post(`${P}/sign-in`, async (req, reply) =>
    run(reply, () => signInWithExtras(store, ctx.tokens, stripUndefinedKeys(signInSchema.parse(req.body ?? {})))),
  );
  // Session tokens (JWT): a fresh one for an active session (409 session inactive), key rotation.
  app.post(`${P}/session-token`, async (req, reply) =>
    run(reply, async () => ({ sessionToken: await ctx.tokens.mint(mintSchema.parse(req.body ?? {})) })),
  );
  app.post(`${P}/rotate-keys`, async (req, reply) => run(reply, () => ctx.tokens.rotate(rotateSchema.parse(req.body ?? {}).overlapMs)));
  app.get(`${P}/jwks`, async () => ctx.tokens.jwks());
  app.post(`${P}/sign-out`, async (req, reply) =>
    run(reply, () => {
      const s = store.deactivate(sessionBody.parse(req.body).sessionId, 'ended');
      return { sessionId: s.id, status: s.status };
    }),
  );
  app.post(`${P}/revoke`, async (req, reply) =>
    run(reply, () => {
      const s = store.deactivate(sessionBody.parse(req.body).sessionId, 'revoked');
      return { sessionId: s.id, status: s.status };
    }),
  );
  app.post(`${P}/active-session`, async (req, reply) =>
    run(reply, () => {
      const b = activeBody.parse(req.body);
      store.setActiveSession(b.clientToken, b.sessionId);
      return { ok: true };
    }),
  );

  app.get(`${P}/clock`, async () => ({ now: store.now(), offsetMs: store.clockOffsetMs }));
  app.post(`${P}/clock`, async (req, reply) =>
    run(reply, () => {
      store.advanceClock(clockBody.parse(req.body).advanceMs);
      return { now: store.now(), offsetMs: store.clockOffsetMs };
    }),
  );

  app.post(`${P}/reset`, async () => {
    reset();
    return { ok: true };
  });
  app.get(`${P}/state`, async () => store.exportState());
  app.put(`${P}/state`, async (req, reply) =>
    run(reply, () => {
      store.importState(emulatorStateSchema.parse(req.body));
      return { ok: true };
    }),
  );

  app.get(`${P}/requests`, async () => log.entries);
  app.delete(`${P}/requests`, async () => {
    log.clear();
    return { ok: true };
  });

  app.get(`${P}/faults`, async () => faults.list());
  app.post(`${P}/faults`, async (req, reply) =>
    run(reply, () => {
      const b = faultBody.parse(req.body);
      faults.add(b.route, b.fault as Fault, b.times === undefined ? {} : { times: b.times });
      return faults.list();
    }),
  );
  app.delete(`${P}/faults`, async () => {
    faults.clear();
    return { ok: true };
  });
}

/** zod's optional keys come back as `undefined`; the store's options are exact. */
function stripUndefinedKeys<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
