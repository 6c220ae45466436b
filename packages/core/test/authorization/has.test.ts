import { describe, expect, it } from 'vitest';
import { createHas, type HasParams } from '../../src/authorization/has.js';
import { decodeSessionClaims, NO_SESSION_CLAIMS } from '../../src/authorization/session-claims.js';
import { has } from '../../src/authorization/signed-in-state.js';

const claims = decodeSessionClaims({
  v: 2,
  fea: 'o:dashboard,o:billing,u:export_to_pdf,uo:ai',
  pla: 'u:free,o:pro',
  fva: [5, 30],
  o: { id: 'org_1', slg: 'acme', rol: 'admin', per: 'read,manage', fpm: '3,2,1' },
})!;
const check = createHas(claims);

const cases: [HasParams, boolean][] = [
  [{ role: 'org:admin' }, true],
  [{ role: 'admin' }, true],
  [{ role: 'org:member' }, false],
  [{ role: 'org:Admin' }, false],
  [{ permission: 'org:dashboard:read' }, true],
  [{ permission: 'dashboard:manage' }, true],
  [{ permission: 'org:billing:manage' }, true],
  [{ permission: 'org:billing:read' }, false],
  [{ permission: 'org:ai:read' }, true],
  [{ permission: 'org:dashboard' }, false],
  [{ feature: 'dashboard' }, true],
  [{ feature: 'o:dashboard' }, true],
  [{ feature: 'u:dashboard' }, false],
  [{ feature: 'export_to_pdf' }, true],
  [{ feature: 'u:export_to_pdf' }, true],
  [{ feature: 'o:export_to_pdf' }, false],
  [{ feature: 'u:ai' }, true],
  [{ feature: 'o:ai' }, true],
  [{ feature: 'missing' }, false],
  [{ plan: 'pro' }, true],
  [{ plan: 'o:pro' }, true],
  [{ plan: 'u:pro' }, false],
  [{ plan: 'u:free' }, true],
  // fva [5, 30]: first factor 5 minutes ago, second 30
  [{ reverification: 'strict_mfa' }, false],
  [{ reverification: 'strict' }, false],
  [{ reverification: 'moderate' }, true],
  [{ reverification: 'lax' }, true],
  [{ reverification: { level: 'first_factor', afterMinutes: 10 } }, true],
  [{ reverification: { level: 'first_factor', afterMinutes: 5 } }, false],
  [{ reverification: { level: 'second_factor', afterMinutes: 31 } }, true],
  [{ reverification: { level: 'multi_factor', afterMinutes: 31 } }, true],
  [{ reverification: { level: 'multi_factor', afterMinutes: 30 } }, false],
];

describe('has()', () => {
  it.each(cases)('%j → %s', (params, expected) => {
    expect(check(params)).toBe(expected);
  });

  const reverify = (fva: [number, number], params: HasParams) => createHas(decodeSessionClaims({ v: 2, fva })!)(params);
  it.each([
    // [fva, preset, expected]
    [[5, -1], 'strict', true], // no second factor: the first one stands in
    [[5, -1], 'strict_mfa', true], // multi_factor without a second factor: the first alone
    [[15, -1], 'strict', false],
    [[-1, -1], 'lax', false], // never verified
    [[5, 5], 'strict_mfa', true],
    [[5, 11], 'strict_mfa', false],
    [[11, 5], 'strict_mfa', false],
    [[11, 5], 'strict', true],
    [[0, 59], 'moderate', true],
    [[0, 60], 'moderate', false],
    [[0, 1439], 'lax', true],
    [[0, 1440], 'lax', false],
  ] as [[number, number], 'strict' | 'strict_mfa' | 'moderate' | 'lax', boolean][])('fva %j, %s → %s', (fva, preset, expected) => {
    expect(reverify(fva, { reverification: preset })).toBe(expected);
  });

  it('answers false where it cannot decide: no organization, no fva (the backend strategy)', () => {
    const none = createHas(NO_SESSION_CLAIMS);
    for (const params of [{ role: 'org:admin' }, { permission: 'org:a:read' }, { feature: 'a' }, { plan: 'pro' }, { reverification: 'lax' }] as HasParams[]) {
      expect(none(params)).toBe(false);
    }
  });

  it('throws a TypeError on misuse instead of answering false', () => {
    for (const bad of [{}, { role: 'a', permission: 'b' }, { roles: 'a' }, { role: '' }, { role: 1 }, { reverification: 'sometimes' }, { reverification: { level: 'first_factor', afterMinutes: 0 } }, { feature: 'x:a' }, null]) {
      expect(() => check(bad as never)).toThrow(TypeError);
    }
  });

  it('has(state, params) answers false for states that are not signed in', () => {
    expect(has({ status: 'signed-out', reason: 'token-missing' }, { role: 'org:admin' })).toBe(false);
    expect(has({ status: 'unavailable', reason: 'backend-error' }, { role: 'org:admin' })).toBe(false);
    expect(has(undefined, { role: 'org:admin' })).toBe(false);
    expect(() => has(undefined, {} as never)).toThrow(TypeError);
  });
});
