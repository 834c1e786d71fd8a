import { createApp } from '../../apps/api/src/app.module';
import { residentIdCheckCharacter } from '@app/households';
import { FixedClock, loadConfig, SequentialIdSource } from '@app/platform';
import type { Role } from '@app/platform/roles';
import { SHAOXING_2020_STANDARDS } from '@app/standards';
import { setStandardRequests } from '@app/standards/http';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from './tokens';

/** A valid 18-digit resident ID number (GB 11643) from its first 17 digits. */
export const residentId = (first17: string) => first17 + residentIdCheckCharacter(first17);

export interface Member {
  readonly relation: string;
  readonly personal: { readonly name: string; readonly idNumber: string };
}

/** 王建国's family of three; `first` is the first 15 digits of the applicant's ID number. */
export function household(first = '330602198001010'): Member[] {
  return [
    { relation: 'applicant', personal: { name: '王建国', idNumber: residentId(`${first}01`) } },
    { relation: 'spouse', personal: { name: '李秀英', idNumber: residentId('33060219820202002') } },
    { relation: 'child', personal: { name: '王小明', idNumber: residentId('33060220100303003') } },
  ];
}

export interface ApplicationTerms {
  readonly programme?: 'dibao' | 'tekun';
  /** By default 900 元 wages, counted, and 300 元 优待抚恤金, which the rules exclude. */
  readonly monthlyIncomeFen?: { readonly wages: number } & Readonly<Record<string, number>>;
}

/** A complete application to the township, as an intake clerk posts it to /cases. */
export function application(townshipCode: string, members: readonly Member[] = household(), terms: ApplicationTerms = {}) {
  const { programme = 'dibao', monthlyIncomeFen = { wages: 90_000, 'preferential-pension': 30_000 } } = terms;
  return {
    programme,
    townshipCode,
    household: {
      members,
      monthlyIncomeFen,
      assets: { financialFen: 500_000, vehicles: 0, realEstateUnits: 1 },
    },
    personal: { bankAccount: { bankName: '绍兴银行', accountNumber: '6222021234567890123' } },
    honestyPledge: true,
    dataCheckAuthorised: true,
    relatedToStaff: { declared: false },
  };
}

export type CaseApplication = ReturnType<typeof application>;

export interface CaseWorldOptions {
  /** Names the temporary data directory. */
  readonly name: string;
  /** Where the app's clock starts; 09:00 in Shaoxing on 1 March 2021 unless told. */
  readonly start?: string;
  /** How long the tokens it mints stay valid: long enough for the furthest day a suite moves the clock to. */
  readonly tokenLifetimeDays: number;
}

export interface InvestigationDetails {
  /** The bearer token of the clerk who submits and investigates; by default that of `clerk-<township>`. */
  readonly clerk?: string;
  readonly reportRef?: string;
  readonly visitFindings?: string;
}

/**
 * The API on a fresh embedded store in a temporary directory, with a fixed clock, tokens signed by
 * its own key and the requests that bring a case to a decision. Create it in the describe body,
 * `open()` it in beforeAll and `close()` it in afterAll.
 */
export function caseWorld(options: CaseWorldOptions) {
  const clock = new FixedClock(options.start ?? '2021-03-01T01:00:00.000Z');
  const tokens = new Map<string, string>();
  let root: string | undefined;
  let config: ReturnType<typeof loadConfig> | undefined;
  let opened: INestApplication | undefined;

  const world = {
    clock,

    get app(): INestApplication {
      if (!opened) throw new Error('the case world is not open: call open() in beforeAll');
      return opened;
    },

    async open(): Promise<INestApplication> {
      root = mkdtempSync(join(tmpdir(), `ledger-${options.name}-`));
      config = loadConfig({ LEDGER_DATA_DIR: join(root, 'data') });
      opened = await createApp(config, { clock, ids: new SequentialIdSource(), logger: false });
      await opened.init();
      return opened;
    },

    async close(): Promise<void> {
      await opened?.close();
      if (root) rmSync(root, { recursive: true, force: true });
    },

    /** `Bearer <token>` for one official, minted once and reused. */
    async token(sub: string, roles: Role[], unit: string): Promise<string> {
      if (!config) throw new Error('the case world is not open: call open() in beforeAll');
      const key = `${sub}|${roles.join(',')}|${unit}`;
      if (!tokens.has(key)) {
        tokens.set(key, await bearer(config, clock, { sub, roles, unit }, options.tokenLifetimeDays * 24 * 3600));
      }
      return tokens.get(key) as string;
    },

    post: (path: string, auth: string, body: object = {}) =>
      request(world.app.getHttpServer()).post(path).set('Authorization', auth).send(body),

    get: (path: string, auth: string, query: Record<string, string> = {}) =>
      request(world.app.getHttpServer()).get(path).query(query).set('Authorization', auth),

    eventCount: async () => (await request(world.app.getHttpServer()).get('/health')).body.log.eventCount as number,

    /** The Shaoxing standards of 2020 and 2021, set by an administrator. */
    async seedStandards(): Promise<void> {
      const admin = await world.token('admin-1', ['admin'], '3306');
      for (const seed of setStandardRequests(SHAOXING_2020_STANDARDS)) await world.post(seed.path, admin, seed.body).expect(201);
    },

    /** The county's delegation of approval to the township, from 1 March 2021 to the end of the year. */
    async grantDelegation(
      township: string,
      programmes: readonly { programme: string }[] = [{ programme: 'dibao' }],
      reviewer?: string,
    ): Promise<void> {
      const county = township.slice(0, 6);
      const by = reviewer ?? (await world.token(`reviewer-${county}`, ['county-reviewer'], county));
      await world.post(`/delegations/${township}`, by, {
        programmes,
        validFrom: '2021-03-01',
        validTo: '2022-01-01',
        document: '越民〔2021〕8号',
      }).expect(201);
    },

    /**
     * Submits the application and takes it through acceptance, a means check (核对) matching its
     * declared wages, a home visit by two, an eligible preliminary opinion and the start of its
     * publicity, all on the clock's day. Returns the case id.
     */
    async driveToPublicity(submission: CaseApplication, details: InvestigationDetails = {}): Promise<string> {
      const township = submission.townshipCode;
      const auth = details.clerk ?? (await world.token(`clerk-${township}`, ['intake-clerk'], township));
      const submitted = await world.post('/cases', auth, submission).expect(201);
      const caseId = submitted.body.state.caseId as string;
      await world.post(`/cases/${caseId}/acceptance`, auth).expect(201);
      await world.post(`/cases/${caseId}/means-checks`, auth, {
        reportRef: details.reportRef ?? 'HD-2021-0001',
        requestedOn: '2021-03-01',
        reportedOn: '2021-03-01',
        sourcesChecked: ['户籍', '纳税', '社保', '不动产', '车船'],
        findings: {
          monthlyIncomeFen: { wages: submission.household.monthlyIncomeFen.wages },
          financialAssetsFen: 500_000,
          vehicles: 0,
          realEstateUnits: 1,
          businessRegistrations: 0,
          publicPayrollJob: false,
          incomeOverLimit: false,
        },
      }).expect(201);
      await world.post(`/cases/${caseId}/home-visits`, auth, {
        visitedOn: '2021-03-01',
        investigatorIds: ['clerk-a', 'clerk-b'],
        byCounty: false,
        mode: 'in-person',
        findings: details.visitFindings ?? '三口之家，住房简陋，收入与申报一致',
      }).expect(201);
      await world.post(`/cases/${caseId}/preliminary-opinion`, auth, { opinion: 'eligible' }).expect(201);
      await world.post(`/cases/${caseId}/publicity`, auth, { place: '村务公开栏' }).expect(201);
      return caseId;
    },

    /** The township's approval, by the approver whose bearer token is given, on 9 March 2021: the day after the 7 days of publicity. */
    async approve(caseId: string, approver: string) {
      clock.set('2021-03-09T01:00:00.000Z');
      return world.post(`/cases/${caseId}/approval`, approver).expect(201);
    },
  };
  return world;
}

export type CaseWorld = ReturnType<typeof caseWorld>;
