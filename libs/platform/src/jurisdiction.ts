/**
 * Administrative division codes (GB/T 2260 style): 4 digits a city (3306 Shaoxing), 6 digits a
 * county-level unit (330602 越城), 9 digits a township or street (330602001). A unit's
 * jurisdiction covers every code that starts with its own.
 */
export type UnitLevel = 'city' | 'county' | 'township';

const LEVELS: Record<number, UnitLevel> = { 4: 'city', 6: 'county', 9: 'township' };

export function unitLevel(code: string): UnitLevel | undefined {
  return /^\d+$/.test(code) ? LEVELS[code.length] : undefined;
}

export function isUnitCode(code: unknown): code is string {
  return typeof code === 'string' && unitLevel(code) !== undefined;
}

/** True when a unit's jurisdiction covers the given division code. */
export function withinJurisdiction(unit: string, code: string): boolean {
  return isUnitCode(unit) && isUnitCode(code) && code.startsWith(unit);
}

/** The county-level unit (6 digits) a township or county code belongs to. */
export function countyOf(code: string): string | undefined {
  const level = unitLevel(code);
  return level === 'county' || level === 'township' ? code.slice(0, 6) : undefined;
}
