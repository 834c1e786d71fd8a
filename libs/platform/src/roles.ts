/** The roles of DESIGN §7, as they appear in token claims and in event metadata. */
export const ROLES = [
  'intake-clerk',
  'township-approver',
  'county-reviewer',
  'supervisor',
  'discipline-inspector',
  'auditor',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
