import { addDays, addMonths } from '@app/calendar';
import { residentIdCheckCharacter } from '@app/households';
import { Prng } from './prng';

/**
 * The synthetic city (DOMAIN §10): Shaoxing's 6 county-level units and 103 townships and streets,
 * officials with roles, and households across 低保, 特困 and 临时救助, with the anomalies to plant.
 * Pure: the same options draw the same city, so a resumed seed plans exactly what the first run did.
 */

export const CITY = '3306';

export interface County {
  readonly code: string;
  readonly name: string;
  readonly townships: number;
}

/** 17 + 16 + 20 + 12 + 23 + 15 = 103 乡镇(街道), end-2020. */
export const COUNTIES: readonly County[] = Object.freeze([
  { code: '330602', name: '越城区', townships: 17 },
  { code: '330603', name: '柯桥区', townships: 16 },
  { code: '330604', name: '上虞区', townships: 20 },
  { code: '330624', name: '新昌县', townships: 12 },
  { code: '330681', name: '诸暨市', townships: 23 },
  { code: '330683', name: '嵊州市', townships: 15 },
]);

export interface Township {
  readonly code: string;
  readonly county: string;
  readonly name: string;
  readonly clerks: readonly string[];
  readonly approver: string;
  readonly delegationId: string;
}

/** About 46% streets (街道, codes 0xx), the rest towns and townships (镇/乡, codes 1xx/2xx). */
export function townships(): Township[] {
  return COUNTIES.flatMap((county) => {
    const streets = Math.round(county.townships * 0.46);
    return Array.from({ length: county.townships }, (_, i) => {
      const street = i < streets;
      const serial = street ? 1 + i : 101 + (i - streets);
      const code = `${county.code}${String(serial).padStart(3, '0')}`;
      return {
        code,
        county: county.code,
        name: `${county.name}${street ? `第${i + 1}街道` : `第${i - streets + 1}镇`}`,
        clerks: [`clerk-${code}-1`, `clerk-${code}-2`],
        approver: `approver-${code}`,
        delegationId: `deleg-${code}-2021`,
      };
    });
  });
}

export type Programme = 'dibao' | 'tekun' | 'temporary';

export interface Household {
  readonly n: number;
  readonly caseId: string;
  readonly township: string;
  readonly programme: Programme;
  readonly idNumbers: readonly string[];
  /** Monthly wages of the household in 分 (below the standard). */
  readonly wagesFen: number;
  readonly account: string;
  /** Month index (0 = the first month) of application and decision. */
  readonly enrolMonth: number;
  /** 临时救助's one-off amount. */
  readonly oneOffFen: number;
  /** An ordinary death, recorded on time: month index and member. */
  readonly death: { readonly month: number } | null;
}

export interface AnomalyRates {
  readonly paymentAfterDeath: number;
  readonly sharedBankAccount: number;
  readonly nearRelativeConflict: number;
  readonly duplicateEnrolment: number;
  readonly meansCheckIgnored: number;
  readonly deadlineOverdue: number;
  readonly paymentOnHeldCase: number;
  readonly decisionAuthority: number;
  readonly amountMismatch: number;
  readonly publicityMissing: number;
  readonly rectificationOverdue: number;
}

export const DEFAULT_ANOMALY_RATES: AnomalyRates = Object.freeze({
  paymentAfterDeath: 0.005,
  sharedBankAccount: 0.005,
  nearRelativeConflict: 0.005,
  duplicateEnrolment: 0.005,
  meansCheckIgnored: 0.005,
  deadlineOverdue: 0.005,
  paymentOnHeldCase: 0.005,
  decisionAuthority: 0.005,
  amountMismatch: 0.005,
  publicityMissing: 0.005,
  rectificationOverdue: 0.0005,
});

/**
 * Seed assumption, not a claim about history: every county raises its 低保 standard to 930 元 in
 * the middle of the seeded year (month `standardRiseMonth`), recorded on the 3rd with effect from
 * the 1st; 特困 stays at 1602 (≥ 1.3 × 930).
 */
export const STANDARD_RISE_FEN = 93_000;

/** The month index of the mid-year 低保 standard rise, or null when the run is too short for one. */
export function standardRiseMonth(months: number): number | null {
  return months >= 2 ? Math.max(1, Math.floor(months / 2)) : null;
}

/** The month index of the counties' special inspection campaigns (专项治理), or null. */
export function campaignMonth(months: number): number | null {
  return months >= 3 ? Math.min(months - 2, 3) : null;
}

/** The anomalies, by household; each household carries at most one. */
export interface AnomalyPlan {
  /** Applicant dies on the 15th of `month`, recorded two months later (死人保). */
  readonly lateDeaths: Map<number, { readonly month: number }>;
  /** Household n gives the account of household `from` (一卡多户). */
  readonly sharedAccounts: Map<number, { readonly from: number }>;
  /** The approver declares the applicant a near relative after approving (优亲厚友). */
  readonly nearRelatives: Set<number>;
  /** Household n also lists the applicant of household `from`, in another township (重复享受). */
  readonly duplicates: Map<number, { readonly from: number }>;
  /** The 核对 finds a vehicle; approved anyway. */
  readonly vehicles: Set<number>;
  /** Investigated and publicised, never decided (超期未决). */
  readonly stalled: Set<number>;
  /** Suspended on the 28th of `month`, after that month's batch was sent, and paid on the 2nd anyway. */
  readonly heldPayments: Map<number, { readonly month: number }>;
  /** Approved by the township's second approver, transferred away (deactivated) three days before. */
  readonly transferredApprovers: Set<number>;
  /** 低保 cases left at the old amount after the mid-year standard rise. */
  readonly standardLags: Set<number>;
  /** Approved in the legacy system without 公示 and migrated into the ledger (legacy-records.ts). */
  readonly legacyApprovals: Set<number>;
  /** Rectification orders of the campaigns never reported done, by county. */
  readonly overdueRectifications: Map<string, number>;
  /** Ordinary terminations (income above the standard; 特困 after its termination publicity). */
  readonly terminations: Map<number, { readonly month: number }>;
}

export interface CityOptions {
  readonly households: number;
  readonly months: number;
  readonly seed: number;
  readonly rates: AnomalyRates;
}

export interface City {
  readonly options: CityOptions;
  readonly townships: readonly Township[];
  readonly households: readonly Household[];
  readonly anomalies: AnomalyPlan;
  /** Month index → 'YYYY-MM'; index 0 is January 2021. */
  month(index: number): string;
}

export const FIRST_MONTH = '2021-01';

/** A valid, distinct resident ID number for person `p`, registered in `county`. */
export function personIdNumber(county: string, p: number): string {
  const born = addDays('1940-01-01', p % 20_000).replaceAll('-', '');
  const first17 = `${county}${born}${String(Math.floor(p / 20_000)).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

export function drawCity(options: CityOptions): City {
  const rng = new Prng(options.seed);
  const all = townships();
  // Townships differ in size: weights 0.5..1.5.
  const weights = all.map(() => 0.5 + rng.next());
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((sum, w) => (cumulative.push((sum + w) / total), sum + w), 0);
  const townshipOf = (r: number) => all[Math.min(all.length - 1, cumulative.findIndex((c) => r < c))];

  let person = 0;
  const households: Household[] = [];
  for (let n = 0; n < options.households; n++) {
    const township = townshipOf(rng.next());
    const r = rng.next();
    // DOMAIN §10: 低保 ≫ 特困; 临时救助 as one-off cases beside them.
    const programme: Programme = r < 0.82 ? 'dibao' : r < 0.94 ? 'tekun' : 'temporary';
    const members = programme === 'tekun' ? 1 : rng.pick([1, 1, 2, 2, 2, 3, 3, 4]);
    const idNumbers = Array.from({ length: members }, () => personIdNumber(township.county, person++));
    const perCapita = programme === 'tekun' ? rng.int(0, 40) * 1_000 : rng.int(0, 60) * 1_000;
    const monthly = programme !== 'temporary';
    const enrolMonth = !monthly
      ? rng.int(0, options.months - 1)
      : options.months > 1 && rng.chance(0.12)
        ? rng.int(1, options.months - 1)
        : 0;
    const death = monthly && enrolMonth === 0 && options.months > 1 && rng.chance(0.02) ? { month: rng.int(1, options.months - 1) } : null;
    households.push({
      n,
      caseId: `sx-${String(n + 1).padStart(6, '0')}`,
      township: township.code,
      programme,
      idNumbers,
      wagesFen: perCapita * members,
      account: `6228${String(options.seed % 1000).padStart(3, '0')}${String(n + 1).padStart(9, '0')}`,
      enrolMonth,
      oneOffFen: rng.int(5, 30) * 10_000,
      death,
    });
  }
  const anomalies = planAnomalies(rng, households, options);
  return { options, townships: all, households, anomalies, month: (i) => addMonths(FIRST_MONTH, i) };
}

function planAnomalies(rng: Prng, households: Household[], options: CityOptions): AnomalyPlan {
  const taken = new Set<number>();
  const count = (rate: number) => (rate <= 0 ? 0 : Math.max(1, Math.round(rate * households.length)));
  const draw = (rate: number, fits: (h: Household) => boolean): Household[] => {
    const pool = households.filter((h) => !taken.has(h.n) && h.death === null && fits(h));
    const chosen: Household[] = [];
    for (let k = count(rate); k > 0 && pool.length > 0; k--) {
      const h = pool.splice(Math.floor(rng.next() * pool.length), 1)[0];
      taken.add(h.n);
      chosen.push(h);
    }
    return chosen;
  };
  const monthly = (h: Household) => h.programme !== 'temporary';
  const settled = (h: Household) => monthly(h) && h.enrolMonth === 0;
  const { rates, months } = options;

  const lateDeaths = new Map<number, { month: number }>();
  if (months >= 3) {
    for (const h of draw(rates.paymentAfterDeath, (h) => settled(h) && h.idNumbers.length === 1)) {
      lateDeaths.set(h.n, { month: rng.int(1, months - 2) });
    }
  }
  const sharedAccounts = new Map<number, { from: number }>();
  for (const h of draw(rates.sharedBankAccount, (h) => monthly(h) && (months === 1 || h.enrolMonth > 0))) {
    const from = draw(1 / households.length, settled)[0];
    if (from) sharedAccounts.set(h.n, { from: from.n });
  }
  const nearRelatives = new Set(draw(rates.nearRelativeConflict, monthly).map((h) => h.n));
  const duplicates = new Map<number, { from: number }>();
  for (const h of draw(rates.duplicateEnrolment, (h) => h.programme === 'dibao' && h.enrolMonth === 0)) {
    const from = draw(1 / households.length, (o) => o.programme === 'dibao' && o.enrolMonth === 0 && o.township !== h.township)[0];
    if (from) duplicates.set(h.n, { from: from.n });
  }
  const vehicles = new Set(draw(rates.meansCheckIgnored, monthly).map((h) => h.n));
  const stalled = new Set(draw(rates.deadlineOverdue, (h) => monthly(h) && h.enrolMonth === 0).map((h) => h.n));
  const heldPayments = new Map<number, { month: number }>();
  if (months >= 3) {
    for (const h of draw(rates.paymentOnHeldCase, settled)) heldPayments.set(h.n, { month: rng.int(1, months - 2) });
  }
  const transferredApprovers = new Set(draw(rates.decisionAuthority, monthly).map((h) => h.n));
  const rise = standardRiseMonth(months);
  const standardLags = new Set(
    rise === null ? [] : draw(rates.amountMismatch, (h) => h.programme === 'dibao' && h.enrolMonth === 0).map((h) => h.n),
  );
  const legacyApprovals = new Set(draw(rates.publicityMissing, settled).map((h) => h.n));
  const overdueRectifications = new Map<string, number>();
  if (campaignMonth(months) !== null) {
    for (let k = 0; k < count(rates.rectificationOverdue); k++) {
      const county = COUNTIES[k % COUNTIES.length].code;
      overdueRectifications.set(county, (overdueRectifications.get(county) ?? 0) + 1);
    }
  }
  // Ordinary life, not anomalies: about 3% of the monthly cases end during the run.
  const terminations = new Map<number, { month: number }>();
  if (months >= 3) {
    for (const h of draw(0.03, settled)) terminations.set(h.n, { month: rng.int(1, months - 2) });
  }
  return {
    lateDeaths,
    sharedAccounts,
    nearRelatives,
    duplicates,
    vehicles,
    stalled,
    heldPayments,
    transferredApprovers,
    standardLags,
    legacyApprovals,
    overdueRectifications,
    terminations,
  };
}
