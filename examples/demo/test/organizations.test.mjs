// Issue 19 in the demo (networkless mode): the active organization, switched through the
// emulator's control plane, decides GET /api/reports/export: admins 200, members 403 (no body).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../server.mjs';

describe('the demo: organizations and a route that needs a permission', () => {
  let demo;
  beforeAll(async () => {
    demo = await startDemo({ port: 0, mode: 'networkless' });
  });
  afterAll(async () => {
    await demo?.close();
  });

  const get = (path, token) => fetch(`${demo.url}${path}`, { headers: token ? { cookie: `__session=${token}` } : {} });
  const control = async (path, body) => {
    const res = await fetch(`${demo.emulator.url}/__emulator${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return res.json();
  };

  it('an admin exports, a member gets 403 with no body, and switching the organization changes the next token', async () => {
    const { acme, globex } = Object.fromEntries((await demo.emulator.organizations.list()).map((o) => [o.slug, o]));
    const alice = await control('/sign-in', { userId: 'user_alice', organizationId: acme.id });
    const admin = await get('/api/reports/export', alice.sessionToken);
    expect(admin.status).toBe(200);
    expect(await admin.json()).toEqual({ exported: true, organization: 'acme' });

    const orgs = await (await get('/api/organizations', alice.sessionToken)).json();
    expect(orgs).toMatchObject({ active: acme.id, role: 'org:admin', permissions: ['org:reports:read', 'org:reports:export'] });
    expect(orgs.memberships.map((m) => `${m.slug}:${m.role}`).sort()).toEqual(['acme:org:admin', 'globex:org:member']);

    await control(`/sessions/${alice.sessionId}/organization`, { organizationId: globex.id });
    const { sessionToken: asMember } = await control('/session-token', { sessionId: alice.sessionId });
    const member = await get('/api/reports/export', asMember);
    expect(member.status).toBe(403);
    expect(await member.text()).toBe('');

    // no organization at all: still signed in (200 on /api/me), still not allowed to export
    const carol = await control('/sign-in', { userId: 'user_carol' });
    expect((await get('/api/me', carol.sessionToken)).status).toBe(200);
    expect((await get('/api/reports/export', carol.sessionToken)).status).toBe(403);
    expect((await get('/api/reports/export')).status).toBe(401);
  });
});
