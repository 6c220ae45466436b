import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EmulatorContext } from '../context.js';
import { answer } from './organization-routes.js';

const name = z.string().min(1).max(64);
export const createOrganizationSchema = z
  .object({
    name: z.string().min(1).max(256),
    slug: z.string().max(128).optional(),
    createdBy: z.string().max(140).optional(),
    features: z.array(name).max(256).optional(),
    plans: z.array(name).max(256).optional(),
  })
  .strict();
export const updateOrganizationSchema = z
  .object({
    name: z.string().min(1).max(256).optional(),
    slug: z.string().max(128).optional(),
    maxAllowedMemberships: z.number().int().min(0).max(100_000).optional(),
    publicMetadata: z.record(z.string(), z.unknown()).optional(),
    privateMetadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export const entitlementsSchema = z
  .object({
    userId: z.string().max(140).optional(),
    organizationId: z.string().max(140).optional(),
    features: z.array(name).max(256).optional(),
    plans: z.array(name).max(256).optional(),
  })
  .strict();
export const actorSchema = z.object({ sub: z.string().min(1).max(256) }).catchall(z.unknown());
export const signInExtrasShape = {
  organizationId: z.string().max(140).optional(),
  pending: z.boolean().optional(),
  actor: actorSchema.optional(),
  secondFactor: z.boolean().optional(),
  tokenVersion: z.union([z.literal(1), z.literal(2)]).optional(),
};
export const levelSchema = z.enum(['first_factor', 'second_factor', 'multi_factor']);
const roleBody = z.object({ key: z.string().min(1).max(80), permissions: z.array(z.string().max(200)).max(256) }).strict();
const memberBody = z.object({ userId: z.string().min(1).max(140), role: z.string().min(1).max(80) }).strict();
const roleOnly = z.object({ role: z.string().min(1).max(80) }).strict();
const sessionParams = z.object({ id: z.string().min(1).max(512) });
const orgParams = z.object({ id: z.string().min(1).max(140) });
const memberParams = orgParams.extend({ userId: z.string().min(1).max(140) });

/**
 * The control plane for organizations (under /__emulator): roles with permissions, organizations
 * and memberships, features and plans, and per session the active organization, the pending task,
 * reverification and impersonation. The next minted session token says what these say.
 */
export function organizationControlRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const orgs = ctx.store.organizations;
  const P = '/__emulator';

  app.get(`${P}/roles`, async () => orgs.listRoles());
  app.post(`${P}/roles`, async (req, reply) => answer(reply, () => {
    const b = roleBody.parse(req.body ?? {});
    return orgs.defineRole(b.key, b.permissions);
  }));
  app.get(`${P}/organizations`, async () => [...orgs.orgs.values()]);
  app.post(`${P}/organizations`, async (req, reply) => answer(reply, () => orgs.createOrganization(stripUndefined(createOrganizationSchema.parse(req.body ?? {})))));
  app.patch(`${P}/organizations/:id`, async (req, reply) => answer(reply, () => orgs.updateOrganization(orgParams.parse(req.params).id, stripUndefined(updateOrganizationSchema.parse(req.body ?? {})))));
  app.delete(`${P}/organizations/:id`, async (req, reply) => answer(reply, () => {
    const org = orgs.deleteOrganization(orgParams.parse(req.params).id);
    return { id: org.id, deleted: true };
  }));
  app.delete(`${P}/organizations/:id/memberships/:userId`, async (req, reply) => answer(reply, () => {
    const p = memberParams.parse(req.params);
    return orgs.removeMembership(p.id, p.userId);
  }));
  app.get(`${P}/organizations/:id/memberships`, async (req, reply) => answer(reply, () => orgs.membersOf(orgParams.parse(req.params).id)));
  app.post(`${P}/organizations/:id/memberships`, async (req, reply) => answer(reply, () => {
    const b = memberBody.parse(req.body ?? {});
    return orgs.addMembership(orgParams.parse(req.params).id, b.userId, b.role);
  }));
  app.patch(`${P}/organizations/:id/memberships/:userId`, async (req, reply) => answer(reply, () => {
    const p = memberParams.parse(req.params);
    return orgs.updateMembership(p.id, p.userId, roleOnly.parse(req.body ?? {}).role);
  }));
  app.post(`${P}/entitlements`, async (req, reply) => answer(reply, () => {
    orgs.setEntitlements(stripUndefined(entitlementsSchema.parse(req.body ?? {})));
    return { ok: true };
  }));
  app.post(`${P}/sessions/:id/organization`, async (req, reply) => answer(reply, () => {
    const b = z.object({ organizationId: z.string().min(1).max(140).nullable() }).strict().parse(req.body ?? {});
    return orgs.setActiveOrganization(sessionParams.parse(req.params).id, b.organizationId);
  }));
  app.post(`${P}/sessions/:id/complete-task`, async (req, reply) => answer(reply, () => {
    const b = z.object({ organizationId: z.string().min(1).max(140).optional() }).strict().parse(req.body ?? {});
    return orgs.completeTask(sessionParams.parse(req.params).id, b.organizationId);
  }));
  app.post(`${P}/sessions/:id/reverify`, async (req, reply) => answer(reply, () => {
    const b = z.object({ level: levelSchema }).strict().parse(req.body ?? {});
    return orgs.reverify(sessionParams.parse(req.params).id, b.level);
  }));
  app.post(`${P}/sessions/:id/actor`, async (req, reply) => answer(reply, () => {
    const b = z.object({ actor: actorSchema.nullable() }).strict().parse(req.body ?? {});
    return orgs.setActor(sessionParams.parse(req.params).id, b.actor);
  }));
  app.get(`${P}/sessions/:id/claims`, async (req, reply) => answer(reply, () => orgs.claimsFor(sessionParams.parse(req.params).id)));
}

/** zod's optional keys come back as `undefined`; the store's options are exact. */
export function stripUndefined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}
