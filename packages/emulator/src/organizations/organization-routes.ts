import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { EmulatorContext } from '../context.js';
import { clerkErrors, EmulatorError } from '../errors.js';
import { deletedJSON } from '../webhooks/store-events.js';
import { membershipJSON, organizationJSON } from './organization-json.js';

const paging = {
  limit: z.coerce.number().int().min(1).max(500).optional().default(10),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional().default(0),
};
const listQuery = z.object({ ...paging, query: z.string().max(256).optional() });
const metadata = z.record(z.string(), z.unknown()).optional();
const createBody = z.object({
  name: z.string().min(1).max(256),
  slug: z.string().max(128).optional(),
  created_by: z.string().max(140).optional(),
  max_allowed_memberships: z.number().int().min(0).max(100_000).optional(),
  public_metadata: metadata,
  private_metadata: metadata,
});
const updateBody = z.object({
  name: z.string().min(1).max(256).optional(),
  slug: z.string().max(128).optional(),
  max_allowed_memberships: z.number().int().min(0).max(100_000).optional(),
  public_metadata: metadata,
  private_metadata: metadata,
});
const orgParams = z.object({ organization_id: z.string().min(1).max(140) });
const memberParams = orgParams.extend({ user_id: z.string().min(1).max(140) });
const createMembershipBody = z.object({ user_id: z.string().min(1).max(140), role: z.string().min(1).max(140) });
const updateMembershipBody = z.object({ role: z.string().min(1).max(140) });

const STATUS: Record<string, number> = {
  ERR_UNKNOWN_ORGANIZATION: 404,
  ERR_UNKNOWN_MEMBERSHIP: 404,
  ERR_UNKNOWN_USER: 404,
  ERR_DUPLICATE_ORGANIZATION: 422,
  ERR_DUPLICATE_MEMBERSHIP: 422,
};
const CODE: Record<string, string> = {
  ERR_UNKNOWN_ORGANIZATION: 'resource_not_found',
  ERR_UNKNOWN_MEMBERSHIP: 'resource_not_found',
  ERR_UNKNOWN_USER: 'resource_not_found',
  ERR_DUPLICATE_ORGANIZATION: 'form_identifier_exists',
  ERR_DUPLICATE_MEMBERSHIP: 'already_a_member_in_organization',
};

/** Runs a Backend API handler: a zod failure is a 422, an emulator error its status, both in the Clerk error shape. */
export async function answer(reply: FastifyReply, fn: () => unknown): Promise<unknown> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof z.ZodError) {
      const param = e.issues[0]?.path.join('.') ?? '';
      return reply.code(422).send(clerkErrors('form_param_format_invalid', 'is invalid', `${param || 'The request'} is invalid.`, param ? { param_name: param } : undefined));
    }
    if (EmulatorError.is(e)) {
      const message = e.message.replace(/^[^:]+: /, '');
      return reply.code(STATUS[e.code] ?? 400).send(clerkErrors(CODE[e.code] ?? 'form_param_format_invalid', message, message));
    }
    throw e;
  }
}

/**
 * Today's Backend API routes for organizations and memberships (the API key is checked by the
 * app's hook, as for every /v1 route): create, list, get (by id or slug), update and delete organizations, and
 * create, list, update and delete memberships. Lists answer `{ data, total_count }`.
 */
export function organizationRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { store } = ctx;
  const orgs = store.organizations;

  app.post('/v1/organizations', async (req, reply) =>
    answer(reply, () => {
      const b = createBody.parse(req.body ?? {});
      const org = orgs.createOrganization({
        name: b.name,
        ...(b.slug === undefined ? {} : { slug: b.slug }),
        ...(b.created_by === undefined ? {} : { createdBy: b.created_by }),
        ...(b.max_allowed_memberships === undefined ? {} : { maxAllowedMemberships: b.max_allowed_memberships }),
        ...(b.public_metadata === undefined ? {} : { publicMetadata: b.public_metadata }),
        ...(b.private_metadata === undefined ? {} : { privateMetadata: b.private_metadata }),
      });
      return organizationJSON(org, orgs);
    }),
  );
  app.get('/v1/organizations', async (req, reply) =>
    answer(reply, () => {
      const q = listQuery.parse(req.query);
      const needle = q.query?.toLowerCase();
      const all = [...orgs.orgs.values()]
        .filter((o) => needle === undefined || o.name.toLowerCase().includes(needle) || o.slug.includes(needle) || o.id === q.query)
        .sort((a, b) => b.createdAt - a.createdAt);
      return { data: all.slice(q.offset, q.offset + q.limit).map((o) => organizationJSON(o, orgs)), total_count: all.length };
    }),
  );
  app.get('/v1/organizations/:organization_id', async (req, reply) =>
    answer(reply, () => organizationJSON(orgs.requireOrg(orgParams.parse(req.params).organization_id), orgs)),
  );
  app.patch('/v1/organizations/:organization_id', async (req, reply) =>
    answer(reply, () => {
      const { organization_id } = orgParams.parse(req.params);
      const b = updateBody.parse(req.body ?? {});
      const org = orgs.updateOrganization(organization_id, {
        ...(b.name === undefined ? {} : { name: b.name }),
        ...(b.slug === undefined ? {} : { slug: b.slug }),
        ...(b.max_allowed_memberships === undefined ? {} : { maxAllowedMemberships: b.max_allowed_memberships }),
        ...(b.public_metadata === undefined ? {} : { publicMetadata: b.public_metadata }),
        ...(b.private_metadata === undefined ? {} : { privateMetadata: b.private_metadata }),
      });
      return organizationJSON(org, orgs);
    }),
  );
  app.delete('/v1/organizations/:organization_id', async (req, reply) =>
    answer(reply, () => deletedJSON('organization', orgs.deleteOrganization(orgParams.parse(req.params).organization_id).id)),
  );
  app.post('/v1/organizations/:organization_id/memberships', async (req, reply) =>
    answer(reply, () => {
      const { organization_id } = orgParams.parse(req.params);
      const b = createMembershipBody.parse(req.body ?? {});
      return membershipJSON(orgs.addMembership(organization_id, b.user_id, b.role), orgs, store);
    }),
  );
  app.get('/v1/organizations/:organization_id/memberships', async (req, reply) =>
    answer(reply, () => {
      const { organization_id } = orgParams.parse(req.params);
      const q = listQuery.parse(req.query);
      const all = orgs.membersOf(organization_id).sort((a, b) => b.createdAt - a.createdAt);
      return { data: all.slice(q.offset, q.offset + q.limit).map((m) => membershipJSON(m, orgs, store)), total_count: all.length };
    }),
  );
  app.patch('/v1/organizations/:organization_id/memberships/:user_id', async (req, reply) =>
    answer(reply, () => {
      const p = memberParams.parse(req.params);
      return membershipJSON(orgs.updateMembership(p.organization_id, p.user_id, updateMembershipBody.parse(req.body ?? {}).role), orgs, store);
    }),
  );
  app.delete('/v1/organizations/:organization_id/memberships/:user_id', async (req, reply) =>
    answer(reply, () => {
      const p = memberParams.parse(req.params);
      return membershipJSON(orgs.removeMembership(p.organization_id, p.user_id), orgs, store);
    }),
  );
}
