import { describe, expect, it } from 'vitest';
import { decodeSessionClaims, type SessionClaims } from '../../src/authorization/session-claims.js';

const org = (o: Record<string, unknown>) => ({ id: 'org_1', rol: 'admin', ...o });

type Expected = Partial<SessionClaims> | null;
const cases: [name: string, payload: Record<string, unknown>, expected: Expected][] = [
  // the worked examples
  [
    'v2: fea o:dashboard,o:billing, per read,manage, fpm 3,2',
    { v: 2, fea: 'o:dashboard,o:billing', o: org({ per: 'read,manage', fpm: '3,2' }) },
    { orgId: 'org_1', orgRole: 'org:admin', orgPermissions: ['org:dashboard:read', 'org:dashboard:manage', 'org:billing:manage'] },
  ],
  [
    'v2: five permissions, fpm 7,21',
    { v: 2, fea: 'o:repositories,o:projects', o: org({ per: 'read,create,update,delete,revoke', fpm: '7,21' }) },
    {
      orgPermissions: [
        'org:repositories:read',
        'org:repositories:create',
        'org:repositories:update',
        'org:projects:read',
        'org:projects:update',
        'org:projects:revoke',
      ],
    },
  ],
  ['v2: empty per, fpm 0', { v: 2, fea: 'o:dashboard', o: org({ per: '', fpm: '0' }) }, { orgPermissions: [] }],
  ['v2: empty per, fpm 1 (a bit beyond per)', { v: 2, fea: 'o:dashboard', o: org({ per: '', fpm: '1' }) }, null],
  [
    'v2: fewer fpm values than organization features (the rest carry none)',
    { v: 2, fea: 'o:a,o:b,o:c', o: org({ per: 'read', fpm: '1' }) },
    { orgPermissions: ['org:a:read'], features: ['o:a', 'o:b', 'o:c'] },
  ],
  ['v2: no fpm at all', { v: 2, fea: 'o:a', o: org({ per: 'read' }) }, { orgPermissions: [] }],
  ['v2: bits beyond per (4 with two permissions)', { v: 2, fea: 'o:a', o: org({ per: 'read,manage', fpm: '4' }) }, null],
  ['v2: more fpm values than organization features', { v: 2, fea: 'o:a', o: org({ per: 'read', fpm: '1,1' }) }, null],
  [
    "v2: a u: feature whose name contains 'o' takes no fpm slot",
    { v: 2, fea: 'u:export_to_pdf,o:dashboard', o: org({ per: 'read', fpm: '1' }) },
    { orgPermissions: ['org:dashboard:read'], features: ['u:export_to_pdf', 'o:dashboard'] },
  ],
  ["v2: a u: feature named 'o' does not count as an organization feature", { v: 2, fea: 'u:o', o: org({ per: 'read', fpm: '1' }) }, null],
  [
    'v2: uo: and ou: features take their fpm slot',
    { v: 2, fea: 'uo:a,u:b,ou:c', o: org({ per: 'read,write', fpm: '1,2' }) },
    { orgPermissions: ['org:a:read', 'org:c:write'] },
  ],
  ['v2: an unknown scope', { v: 2, fea: 'x:a' }, null],
  ['v2: a feature without scope', { v: 2, fea: 'dashboard' }, null],
  ['v2: an empty scope', { v: 2, fea: ':dashboard' }, null],
  ['v2: plans with scopes', { v: 2, pla: 'u:free,o:pro' }, { plans: ['u:free', 'o:pro'], orgId: null }],
  ['v2: an unknown plan scope', { v: 2, pla: 'org:pro' }, null],
  ['v2: duplicate features', { v: 2, fea: 'o:a,o:a' }, null],
  ['v2: duplicate permissions', { v: 2, fea: 'o:a', o: org({ per: 'read,read', fpm: '1' }) }, null],
  ['v2: o is a string', { v: 2, o: 'org_1' }, null],
  ['v2: o is an array', { v: 2, o: [] }, null],
  ['v2: o without id', { v: 2, o: { rol: 'admin' } }, null],
  ['v2: o without rol', { v: 2, o: { id: 'org_1' } }, null],
  ['v2: o.id not an org id', { v: 2, o: org({ id: 'user_1' }) }, null],
  ['v2: per not a string', { v: 2, fea: 'o:a', o: org({ per: ['read'], fpm: '1' }) }, null],
  ['v2: fpm not a string', { v: 2, fea: 'o:a', o: org({ per: 'read', fpm: 1 }) }, null],
  ['v2: fpm value negative', { v: 2, fea: 'o:a', o: org({ per: 'read', fpm: '-1' }) }, null],
  ['v2: fpm value with a leading zero', { v: 2, fea: 'o:a', o: org({ per: 'read', fpm: '01' }) }, null],
  ['v2: fpm value not decimal', { v: 2, fea: 'o:a', o: org({ per: 'read', fpm: '0x1' }) }, null],
  ['v2: slug kept', { v: 2, o: org({ slg: 'acme' }) }, { orgSlug: 'acme', orgRole: 'org:admin', orgPermissions: [] }],
  ['v2: no o: no organization', { v: 2 }, { orgId: null, orgRole: null, orgSlug: null, orgPermissions: [], features: [], plans: [] }],
  ['v2: org_* claims are not read', { v: 2, org_id: 'org_9', org_role: 'org:admin' }, { orgId: null, orgRole: null }],
  // status, factor ages, actor (both versions)
  ['sts absent: active', { v: 2 }, { sessionStatus: 'active' }],
  ['sts pending', { v: 2, sts: 'pending' }, { sessionStatus: 'pending' }],
  ['sts unknown', { v: 2, sts: 'done' }, null],
  ['fva kept', { v: 2, fva: [3, -1] }, { factorVerificationAge: [3, -1] }],
  ['fva absent: null', { v: 2 }, { factorVerificationAge: null }],
  ['fva with one value', { v: 2, fva: [3] }, null],
  ['fva below -1', { v: 2, fva: [-2, 0] }, null],
  ['fva not integers', { v: 2, fva: [1.5, 0] }, null],
  ['act kept', { v: 2, act: { sub: 'user_admin', iss: 'x' } }, { actor: { sub: 'user_admin', iss: 'x' } }],
  ['act without sub', { v: 2, act: { iss: 'x' } }, null],
  ['an unknown version', { v: 3 }, null],
  // version 1, side by side
  [
    'v1: org_* claims',
    { org_id: 'org_1', org_role: 'org:admin', org_slug: 'acme', org_permissions: ['org:dashboard:read', 'org:billing:manage'] },
    { orgId: 'org_1', orgRole: 'org:admin', orgSlug: 'acme', orgPermissions: ['org:dashboard:read', 'org:billing:manage'], features: [], plans: [] },
  ],
  ['v1: the same organization as the v2 example', { org_id: 'org_1', org_role: 'org:admin', org_permissions: ['org:dashboard:read', 'org:dashboard:manage', 'org:billing:manage'] }, { orgPermissions: ['org:dashboard:read', 'org:dashboard:manage', 'org:billing:manage'] }],
  ['v1: no organization', { sts: 'active' }, { orgId: null, orgPermissions: [] }],
  ['v1: o and fea are not read', { o: org({}), fea: 'o:a' }, { orgId: null, features: [] }],
  ['v1: org_role without org_id', { org_role: 'org:admin' }, null],
  ['v1: org_permissions not an array', { org_id: 'org_1', org_role: 'org:admin', org_permissions: 'org:a:read' }, null],
  ['v1: a permission without the org: prefix', { org_id: 'org_1', org_role: 'org:admin', org_permissions: ['a:read'] }, null],
  ['v1: org_id without org_role', { org_id: 'org_1' }, null],
  ['v1: pending', { sts: 'pending' }, { sessionStatus: 'pending' }],
];

describe('decodeSessionClaims', () => {
  it.each(cases)('%s', (_name, payload, expected) => {
    const decoded = decodeSessionClaims(payload);
    if (expected === null) expect(decoded).toBeNull();
    else expect(decoded).toMatchObject(expected);
  });

  it('v1 and v2 tokens for the same organization decode to the same permissions', () => {
    const v2 = decodeSessionClaims({ v: 2, fea: 'o:dashboard,o:billing', o: { id: 'org_1', rol: 'admin', slg: 'acme', per: 'read,manage', fpm: '3,2' } });
    const v1 = decodeSessionClaims({ org_id: 'org_1', org_role: 'org:admin', org_slug: 'acme', org_permissions: ['org:dashboard:read', 'org:dashboard:manage', 'org:billing:manage'] });
    const pick = (c: SessionClaims | null) => ({ orgId: c?.orgId, orgRole: c?.orgRole, orgSlug: c?.orgSlug, orgPermissions: c?.orgPermissions });
    expect(pick(v2)).toEqual(pick(v1));
  });

  it('returns a frozen result', () => {
    const decoded = decodeSessionClaims({ v: 2, fea: 'o:a', o: org({ per: 'read', fpm: '1' }) })!;
    expect(Object.isFrozen(decoded)).toBe(true);
    expect(Object.isFrozen(decoded.orgPermissions)).toBe(true);
  });
});
