import { MalformedClaimsError, principalFromClaims } from './principal';

const valid = { sub: 'official-7', roles: ['township-approver'], unit: '330602001' };

function refusal(claims: Record<string, unknown>): MalformedClaimsError {
  try {
    principalFromClaims(claims);
  } catch (error) {
    if (error instanceof MalformedClaimsError) return error;
    throw error;
  }
  throw new Error('expected the claims to be refused');
}

describe('reading the principal from verified claims', () => {
  it('keeps the official, the roles and the unit', () => {
    expect(principalFromClaims({ ...valid, iss: 'x', jti: 'j' })).toEqual(valid);
  });

  it('accepts city, county and township units', () => {
    for (const unit of ['3306', '330602', '330602001']) expect(principalFromClaims({ ...valid, unit }).unit).toBe(unit);
  });

  it('lists a role named twice once', () => {
    expect(principalFromClaims({ ...valid, roles: ['auditor', 'admin', 'auditor'] }).roles).toEqual(['auditor', 'admin']);
  });
});

describe('claims that are refused', () => {
  it.each([
    ['no sub', { ...valid, sub: undefined }, 'sub'],
    ['an empty sub', { ...valid, sub: '' }, 'sub'],
    ['a sub with spaces', { ...valid, sub: 'official 7' }, 'sub'],
    ['a sub that is a number', { ...valid, sub: 7 }, 'sub'],
    ['a sub of 201 characters', { ...valid, sub: 'x'.repeat(201) }, 'sub'],
    ['no roles', { ...valid, roles: undefined }, 'roles'],
    ['roles as a string', { ...valid, roles: 'admin' }, 'roles'],
    ['an empty role list', { ...valid, roles: [] }, 'roles'],
    ['an unknown role', { ...valid, roles: ['auditor', 'superuser'] }, 'roles'],
    ['no unit', { ...valid, unit: undefined }, 'unit'],
    ['a 5-digit unit', { ...valid, unit: '33060' }, 'unit'],
    ['a unit as a number', { ...valid, unit: 330602 }, 'unit'],
  ])('%s is malformed, naming the claim', (_situation, claims, claim) => {
    expect(refusal(claims).claim).toBe(claim);
  });

  it('says which role is unknown and which roles exist', () => {
    expect(refusal({ ...valid, roles: ['auditor', 'superuser'] }).message).toBe(
      'claim "roles"[1] "superuser" is not a role; roles are intake-clerk, township-approver, county-reviewer, ' +
        'supervisor, discipline-inspector, auditor, admin',
    );
  });
});
