import { CaseCommands } from '@app/assistance-cases/http';
import type { Principal } from '@app/platform';
import { application, caseWorld, household, type Member, residentId } from './support/case-world';
import type request from 'supertest';

/** A valid resident ID number (GB 11643) of someone born on `born` (YYYYMMDD), sequence `seq`. */
const person = (seq: number, born = '19800101') => residentId(`330602${born}${String(seq).padStart(3, '0')}`);

const DELEGATED = '330602001';
const NOT_DELEGATED = '330602002';
const OTHER_COUNTY = '330603';
const at = (date: string) => `${date}T01:00:00.000Z`; // 09:00 in Shaoxing

describe('an approved case over HTTP: management, deaths and recovery', () => {
  const world = caseWorld({ name: 'case-management', start: at('2021-03-01'), tokenLifetimeDays: 90 });
  const { clock, token, post, get, eventCount } = world;

  const clerk = (unit = DELEGATED) => token(`clerk-${unit}`, ['intake-clerk'], unit);
  const approver = (unit = DELEGATED) => token(`approver-${unit}`, ['township-approver'], unit);
  const countyReviewer = (unit = '330602') => token(`reviewer-${unit}`, ['county-reviewer'], unit);
  const admin = () => token('admin-1', ['admin'], '3306');

  /**
   * Applied at 2021-03-01, checked, visited, found eligible and publicised; approved on 2021-03-09.
   * Three people by default: (890 − 300) × 3 = 1770 元 a month on the 2021 standard, 900 元 wages counted.
   */
  async function approvedCase(
    options: { programme?: 'dibao' | 'tekun'; members?: Member[]; wagesFen?: number } = {},
  ): Promise<string> {
    const { programme = 'dibao', members = household(), wagesFen = 90_000 } = options;
    clock.set(at('2021-03-01'));
    const submission = application(DELEGATED, members, { programme, monthlyIncomeFen: { wages: wagesFen } });
    const caseId = await world.driveToPublicity(submission, { visitFindings: '住房简陋，收入与申报一致' });
    const decided = await world.approve(caseId, await approver());
    if (decided.body.state.status !== 'approved') {
      // The township holds no 特困 delegation: its approval went to the county as a recommendation.
      await post(`/cases/${caseId}/county-confirmation`, await countyReviewer(), { outcome: 'approve' }).expect(201);
    }
    return caseId;
  }

  /** Payments are made by the monthly batch; here they are given through the same command path. */
  async function paid(caseId: string, month: string, scheduledOn: string, settledOn: string): Promise<void> {
    const commands = world.app.get(CaseCommands);
    const reviewer: Principal = { sub: 'batch-runner', roles: ['county-reviewer'], unit: '330602' };
    const paymentId = `payment-${caseId}-${month}`;
    clock.set(at(scheduledOn));
    await commands.run({ principal: reviewer }, caseId, ['county-reviewer'], 'SchedulePayment', {
      paymentId,
      batchId: `batch-${DELEGATED}-${month}`,
      month,
      kind: 'assistance',
    });
    clock.set(at(settledOn));
    await commands.run({ principal: reviewer }, caseId, ['county-reviewer'], 'RecordSettlement', {
      paymentId,
      outcome: 'paid',
      bankReference: `BANK-${month}-${caseId}`,
      settledOn,
    });
  }

  beforeAll(async () => {
    await world.open();
    await world.seedStandards();
    await world.grantDelegation(DELEGATED);
  });

  afterAll(() => world.close());

  afterEach(() => clock.set(at('2021-03-01')));

  describe('reviews', () => {
    it('a stable 低保 household is reviewed yearly: the review fixes the next one, shown on the case', async () => {
      const caseId = await approvedCase();
      clock.set(at('2021-04-12'));
      const classified = await post(`/cases/${caseId}/classification`, await approver(), {
        reviewClass: 'stable',
        reasons: ['家庭成员无劳动能力变化，收入稳定'],
      }).expect(201);
      expect(classified.body.events.at(-1)).toMatchObject({
        type: 'CaseClassified',
        data: { reviewClass: 'stable', previousClass: null, nextReviewDueBy: '2022-03-31' },
      });

      const reviewed = await post(`/cases/${caseId}/reviews`, await clerk(), {
        reviewedOn: '2021-04-12',
        outcome: 'unchanged',
        findings: '入户核查，家庭情况无变化',
      }).expect(201);
      expect(reviewed.body.events.at(-1)).toMatchObject({
        type: 'ReviewRecorded',
        data: { cadence: 'stable', dueBy: '2022-03-31', late: false, nextDueBy: '2022-04-30' },
      });

      const read = await get(`/cases/${caseId}`, await clerk()).expect(200);
      expect(read.body.state.review).toMatchObject({ reviewClass: 'stable', nextDueBy: '2022-04-30', reviews: 1 });
    });
  });

  describe('suspension', () => {
    it('withholds next month, refuses another township and a stale revision, and resumes', async () => {
      const caseId = await approvedCase();
      clock.set(at('2021-04-12'));
      const body = { reasons: ['群众举报家庭有未申报收入，核查期间暂停发放'] };

      const elsewhere = await post(`/cases/${caseId}/suspension`, await approver(NOT_DELEGATED), body).expect(403);
      expect(elsewhere.body.code).toBe('outside-jurisdiction');
      const byClerk = await post(`/cases/${caseId}/suspension`, await clerk(), body).expect(403);
      expect(byClerk.body.code).toBe('role-required');

      const current = await get(`/cases/${caseId}`, await clerk()).expect(200);
      const stale = await post(`/cases/${caseId}/suspension`, await approver(), body)
        .set('If-Match', `"${current.body.revision - 1}"`)
        .expect(412);
      expect(stale.body).toMatchObject({ status: 412, actual: current.body.revision });

      const suspended = await post(`/cases/${caseId}/suspension`, await approver(), body)
        .set('If-Match', current.headers.etag)
        .expect(201);
      const event = suspended.body.events.at(-1);
      expect(event).toMatchObject({
        type: 'CaseSuspended',
        data: { fromMonth: '2021-04', decidedBy: { level: 'township' }, reasons: body.reasons },
      });
      expect(event.metadata.delegationId).toEqual(expect.any(String));
      expect(event.metadata.delegationId).toBe(event.data.delegationId);
      expect(suspended.headers.etag).toBe(`"${current.body.revision + 1}"`);

      const next = await get(`/cases/${caseId}/entitlement?month=2021-05`, await countyReviewer()).expect(200);
      expect(next.body).toMatchObject({ caseId, month: '2021-05', due: false, reason: 'suspended' });
      expect(next.headers.etag).toBe(suspended.headers.etag);
      await get(`/cases/${caseId}/entitlement?month=2021-05`, await clerk(NOT_DELEGATED)).expect(403);
      const badMonth = await get(`/cases/${caseId}/entitlement?month=2021-13`, await clerk()).expect(400);
      expect(badMonth.body.errors).toEqual([expect.objectContaining({ field: 'month' })]);

      clock.set(at('2021-05-06'));
      const resumed = await post(`/cases/${caseId}/resumption`, await countyReviewer(), {
        reasons: ['核查未发现未申报收入'],
      }).expect(201);
      const resumption = resumed.body.events.at(-1);
      expect(resumption).toMatchObject({
        type: 'CaseResumed',
        data: { fromMonth: '2021-05', withheldMonths: ['2021-04'], backPay: false, decidedBy: { level: 'county' } },
      });
      expect(resumption.metadata.delegationId).toBeUndefined();

      const due = await get(`/cases/${caseId}/entitlement?month=2021-05`, await clerk()).expect(200);
      expect(due.body).toMatchObject({ due: true, amountFen: 177_000 });
      const withheld = await get(`/cases/${caseId}/entitlement?month=2021-04`, await clerk()).expect(200);
      expect(withheld.body).toMatchObject({ due: false, reason: 'suspended' });
    });
  });

  describe('the amount', () => {
    it('is cut on a reported income at the standard found by the server, then kept for a 渐退期', async () => {
      const caseId = await approvedCase();
      clock.set(at('2021-04-12'));
      await post(`/cases/${caseId}/household-changes`, await clerk(), {
        reportedOn: '2021-04-10',
        source: 'household',
        summary: '户主在镇上企业就业，月工资1500元',
        monthlyIncomeFen: { wages: 150_000 },
      }).expect(201);

      const reasons = ['户主就业，家庭收入增加'];
      const sent = await post(`/cases/${caseId}/amount-change`, await approver(), {
        reasons,
        standard: { monthlyFen: 10_000 },
      }).expect(400);
      expect(sent.body.errors).toEqual([expect.objectContaining({ field: 'standard' })]);

      const changed = await post(`/cases/${caseId}/amount-change`, await approver(), { reasons }).expect(201);
      const change = changed.body.events.at(-1);
      expect(change).toMatchObject({
        type: 'AmountChanged',
        // 890 × 3 − 1500 = 1170 元 from the month after the decision.
        data: { change: 'cut', from: '2021-05', previousMonthlyAmountFen: 177_000, monthlyAmountFen: 117_000 },
      });
      expect(change.data.basis.standard.standardRef.id).toBe('3306/dibao/2021-01-01');
      expect(change.metadata.delegationId).toBe(change.data.delegationId);

      await post(`/cases/${caseId}/household-changes`, await clerk(), {
        reportedOn: '2021-04-12',
        source: 'staff',
        summary: '配偶亦就业，家庭月工资合计3000元',
        monthlyIncomeFen: { wages: 300_000 },
      }).expect(201);
      const exit = await post(`/cases/${caseId}/gradual-exit`, await approver(), {
        reasons: ['就业后家庭人均收入超过低保标准'],
      }).expect(201);
      expect(exit.body.events.at(-1)).toMatchObject({
        type: 'GradualExitStarted',
        data: { from: '2021-05', until: '2021-10', months: 6, monthlyAmountFen: 117_000 },
      });
      const after = await get(`/cases/${caseId}/entitlement?month=2021-11`, await clerk()).expect(200);
      expect(after.body).toMatchObject({ due: false, reason: 'gradual-exit-ended' });
    });

    it("stops a member's share on the third refused job offer and lifts it when one is accepted", async () => {
      const caseId = await approvedCase();
      clock.set(at('2021-04-12'));
      let last: request.Response | undefined;
      for (const offer of ['物业保洁', '超市理货', '绿化养护']) {
        last = await post(`/cases/${caseId}/job-offers/refusals`, await clerk(), {
          memberIndex: 1,
          offeredOn: '2021-04-12',
          offer,
        }).expect(201);
      }
      expect(last?.body.events.map((e: { type: string }) => e.type)).toEqual(['JobOfferRefused', 'MemberShareStopped']);
      // ⌊1770 × 2 / 3⌋ = 1180 元: the stopped member's share is no longer paid.
      expect(last?.body.events[1].data).toMatchObject({ memberIndex: 1, from: '2021-05', monthlyAmountFen: 118_000 });

      const accepted = await post(`/cases/${caseId}/job-offers/acceptances`, await clerk(), {
        memberIndex: 1,
        acceptedOn: '2021-04-12',
        offer: '绿化养护',
      }).expect(201);
      expect(accepted.body.events.at(-1)).toMatchObject({
        type: 'JobOfferAccepted',
        data: { refusalsCleared: 3, stoppedShareLifted: true },
      });
    });
  });

  describe('termination', () => {
    it('特困: publicised first; an objection is answered before the county terminates from the month after', async () => {
      const elder = [{ relation: 'applicant', personal: { name: '赵德福', idNumber: person(101, '19450505') } }];
      const caseId = await approvedCase({ programme: 'tekun', members: elder, wagesFen: 0 });
      const publicity = { ground: 'supporter-able', reasons: ['其子已就业，具备赡养能力'], place: '村务公开栏' };

      clock.set(at('2021-04-12'));
      const started = await post(`/cases/${caseId}/termination-publicity`, await clerk(), publicity).expect(201);
      expect(started.body.events.at(-1)).toMatchObject({
        type: 'TerminationPublicityStarted',
        data: { ground: 'supporter-able', from: '2021-04-12', until: '2021-04-18' },
      });
      clock.set(at('2021-04-14'));
      await post(`/cases/${caseId}/termination-objections`, await clerk(), {
        receivedOn: '2021-04-14',
        summary: '其子收入微薄，无力赡养',
      }).expect(201);

      clock.set(at('2021-04-20'));
      const pending = await post(`/cases/${caseId}/termination`, await countyReviewer(), {
        reasons: ['赡养人具备赡养能力'],
      }).expect(409);
      expect(pending.body.code).toBe('termination-objection-pending');
      const withdrawn = await post(`/cases/${caseId}/termination-withdrawal`, await countyReviewer(), {
        reasons: ['复核后需重新调查赡养人收入'],
      }).expect(201);
      expect(withdrawn.body.events.at(-1)).toMatchObject({
        type: 'TerminationWithdrawn',
        data: { ground: 'supporter-able' },
      });

      await post(`/cases/${caseId}/termination-publicity`, await clerk(), publicity).expect(201);
      clock.set(at('2021-04-27'));
      const township = await post(`/cases/${caseId}/termination`, await approver(), {
        reasons: ['赡养人具备赡养能力'],
      }).expect(403);
      expect(township.body.code).toBe('delegation-not-in-force');
      const terminated = await post(`/cases/${caseId}/termination`, await countyReviewer(), {
        reasons: ['重新公示期满无异议，赡养人具备赡养能力'],
      }).expect(201);
      expect(terminated.body.events.at(-1)).toMatchObject({
        type: 'CaseTerminated',
        data: {
          programme: 'tekun',
          ground: 'supporter-able',
          effectiveFrom: '2021-05',
          publicity: { from: '2021-04-20', until: '2021-04-26' },
          decidedBy: { level: 'county' },
        },
      });
      const may = await get(`/cases/${caseId}/entitlement?month=2021-05`, await clerk()).expect(200);
      expect(may.body).toMatchObject({ due: false, reason: 'terminated' });
    });

    it('低保: decided with a ground, without publicity', async () => {
      const caseId = await approvedCase();
      clock.set(at('2021-04-12'));
      const reasons = ['家庭成员已迁出本县'];
      const publicised = await post(`/cases/${caseId}/termination-publicity`, await clerk(), {
        ground: 'moved-away',
        reasons,
        place: '村务公开栏',
      }).expect(409);
      expect(publicised.body.code).toBe('termination-publicity-tekun-only');
      const groundless = await post(`/cases/${caseId}/termination`, await approver(), { reasons }).expect(400);
      expect(groundless.body.errors).toEqual([expect.objectContaining({ field: 'ground' })]);

      const terminated = await post(`/cases/${caseId}/termination`, await approver(), {
        ground: 'moved-away',
        reasons,
      }).expect(201);
      expect(terminated.body.events.at(-1)).toMatchObject({
        type: 'CaseTerminated',
        data: { programme: 'dibao', ground: 'moved-away', effectiveFrom: '2021-05', publicity: null },
      });
    });
  });

  describe('death records from civil registration', () => {
    it("end a one-person household's case from the month after the death; the same file again records nothing", async () => {
      const sole = { relation: 'applicant', personal: { name: '钱阿大', idNumber: person(201, '19500101') } };
      const caseId = await approvedCase({ members: [sole], wagesFen: 30_000 });
      clock.set(at('2021-04-20'));
      const file = {
        registry: '330602-hukou',
        records: [
          { recordId: 'HJ-2021-0415-01', idNumber: sole.personal.idNumber, diedOn: '2021-04-15' },
          { recordId: 'HJ-2021-0415-02', idNumber: person(299, '19400101'), diedOn: '2021-04-15' },
        ],
      };
      const first = await post('/death-records', await countyReviewer(), file).expect(200);
      expect(first.body.records).toEqual([
        {
          recordId: 'HJ-2021-0415-01',
          matched: 1,
          cases: [{ caseId, outcome: 'recorded', events: ['MemberDied', 'CaseTerminated'] }],
        },
        { recordId: 'HJ-2021-0415-02', matched: 0, cases: [] },
      ]);

      const read = await get(`/cases/${caseId}`, await clerk()).expect(200);
      expect(read.body.state).toMatchObject({
        status: 'terminated',
        termination: { ground: 'death', effectiveFrom: '2021-05' },
      });
      const april = await get(`/cases/${caseId}/entitlement?month=2021-04`, await clerk()).expect(200);
      expect(april.body).toMatchObject({ due: true, amountFen: 59_000 });
      const may = await get(`/cases/${caseId}/entitlement?month=2021-05`, await clerk()).expect(200);
      expect(may.body).toMatchObject({ due: false, reason: 'after-death' });

      const before = await eventCount();
      const again = await post('/death-records', await countyReviewer(), file).expect(200);
      expect(again.body.records[0].cases).toEqual([{ caseId, outcome: 'already-recorded', events: [] }]);
      expect(await eventCount()).toBe(before);
    });

    it('report a refusal for one case and go on with the others', async () => {
      const members = [
        { relation: 'applicant', personal: { name: '孙大成', idNumber: person(301, '19550101') } },
        { relation: 'spouse', personal: { name: '周桂兰', idNumber: person(302, '19560202') } },
      ];
      const caseId = await approvedCase({ members, wagesFen: 30_000 });
      const other = { relation: 'applicant', personal: { name: '吴老三', idNumber: person(303, '19400101') } };
      const otherCase = await approvedCase({ members: [other], wagesFen: 30_000 });
      clock.set(at('2021-04-20'));
      await post('/death-records', await countyReviewer(), {
        registry: '330602-hukou',
        records: [{ recordId: 'HJ-A', idNumber: members[0].personal.idNumber, diedOn: '2021-04-15' }],
      }).expect(200);

      const outside = await post('/death-records', await countyReviewer(OTHER_COUNTY), {
        registry: '330603-hukou',
        records: [{ recordId: 'HJ-X', idNumber: other.personal.idNumber, diedOn: '2021-04-16' }],
      }).expect(200);
      expect(outside.body.records[0]).toMatchObject({
        matched: 1,
        cases: [
          { caseId: otherCase, outcome: 'refused', events: [], reason: { status: 403, code: 'outside-jurisdiction' } },
        ],
      });

      const mixed = await post('/death-records', await countyReviewer(), {
        registry: '330602-funeral',
        records: [
          { recordId: 'BZ-1', idNumber: members[0].personal.idNumber, diedOn: '2021-04-16' },
          { recordId: 'BZ-2', idNumber: other.personal.idNumber, diedOn: '2021-04-16' },
        ],
      }).expect(200);
      expect(mixed.body.records).toEqual([
        {
          recordId: 'BZ-1',
          matched: 1,
          cases: [
            {
              caseId,
              outcome: 'refused',
              events: [],
              reason: expect.objectContaining({ status: 409, code: 'death-already-recorded' }),
            },
          ],
        },
        {
          recordId: 'BZ-2',
          matched: 1,
          cases: [{ caseId: otherCase, outcome: 'recorded', events: ['MemberDied', 'CaseTerminated'] }],
        },
      ]);
      // The spouse lives on: the household is paid for one from the month after the death.
      const may = await get(`/cases/${caseId}/entitlement?month=2021-05`, await clerk()).expect(200);
      expect(may.body).toMatchObject({ due: true, basis: { entitlement: { calculation: { memberCount: 1 } } } });
    });

    it('refuse a file with an invalid ID number naming the record, and accounts other than the county reviewer', async () => {
      const good = { recordId: 'HJ-OK', idNumber: person(401, '19600101'), diedOn: '2021-02-01' };
      const valid = person(402, '19600101');
      const wrongCheck = `${valid.slice(0, 17)}${valid[17] === '0' ? '1' : '0'}`;
      const bad = { recordId: 'HJ-BAD', idNumber: wrongCheck, diedOn: '2021-02-01' };
      const before = await eventCount();
      const invalid = await post('/death-records', await countyReviewer(), {
        registry: '330602-hukou',
        records: [bad, good, { ...good }],
      }).expect(400);
      expect(invalid.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(invalid.body.errors).toEqual([
        expect.objectContaining({ field: 'records[0].idNumber' }),
        expect.objectContaining({ field: 'records[2].recordId' }),
      ]);
      expect(await eventCount()).toBe(before);

      const empty = await post('/death-records', await countyReviewer(), {
        registry: '330602-hukou',
        records: [],
      }).expect(400);
      expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'records' })]);
      const conditional = await post('/death-records', await countyReviewer(), { registry: '330602-hukou', records: [good] })
        .set('If-Match', '"3"')
        .expect(400);
      expect(conditional.body.errors).toEqual([expect.objectContaining({ field: 'If-Match' })]);
      expect(await eventCount()).toBe(before);
      for (const auth of [await admin(), await approver(), await clerk()]) {
        const refused = await post('/death-records', auth, { registry: '330602-hukou', records: [good] }).expect(403);
        expect(refused.body.code).toBe('role-required');
      }
    });
  });

  describe('overpayments and recovery', () => {
    it('a death reported late makes the month paid since an overpayment: recovered, repaid, and fined by the county', async () => {
      const sole = { relation: 'applicant', personal: { name: '郑阿四', idNumber: person(501, '19480101') } };
      const caseId = await approvedCase({ members: [sole], wagesFen: 30_000 });
      await paid(caseId, '2021-04', '2021-04-01', '2021-04-02');
      await paid(caseId, '2021-05', '2021-05-06', '2021-05-07');

      clock.set(at('2021-05-20'));
      const deaths = await post('/death-records', await countyReviewer(), {
        registry: '330602-hukou',
        records: [{ recordId: 'HJ-LATE', idNumber: sole.personal.idNumber, diedOn: '2021-04-10' }],
      }).expect(200);
      expect(deaths.body.records[0].cases[0]).toMatchObject({ outcome: 'recorded' });

      const owed = await get(`/cases/${caseId}/overpayments`, await countyReviewer()).expect(200);
      // (890 − 300) 元 for May, paid after the death in April.
      expect(owed.body).toMatchObject({
        caseId,
        unrecoveredFen: 59_000,
        overpayments: [
          { month: '2021-05', kind: 'assistance', paidFen: 59_000, overpaidFen: 59_000, orderedFen: 0, reason: 'after-death' },
        ],
      });
      await get(`/cases/${caseId}/overpayments`, await clerk(NOT_DELEGATED)).expect(403);

      const approverAuth = await approver();
      const order = () =>
        post(`/cases/${caseId}/recoveries`, approverAuth, { reasons: ['死亡后多发放的低保金应予追回'] }).set(
          'Idempotency-Key',
          'recovery-2021-05-20-01',
        );
      const ordered = await order().expect(201);
      const recovery = ordered.body.events.at(-1);
      expect(recovery).toMatchObject({
        type: 'RecoveryOrdered',
        data: { amountFen: 59_000, decidedBy: { level: 'township' } },
      });
      const recoveryId = recovery.data.recoveryId as string;
      const retried = await order().expect(201);
      expect(retried.body).toMatchObject({ replayed: true, events: ordered.body.events });
      expect((await get(`/cases/${caseId}/overpayments`, await clerk()).expect(200)).body).toMatchObject({
        unrecoveredFen: 0,
        overpayments: [{ orderedFen: 59_000 }],
      });

      const repaid = await post(`/cases/${caseId}/recoveries/${recoveryId}/repayments`, await clerk(), {
        amountFen: 20_000,
        paidOn: '2021-05-20',
        receiptRef: 'SX-2021-000318',
      }).expect(201);
      expect(repaid.body.events.at(-1)).toMatchObject({ type: 'RepaymentRecorded', data: { outstandingFen: 39_000 } });
      const unknown = await post(`/cases/${caseId}/recoveries/no-such-recovery/repayments`, await clerk(), {
        amountFen: 1,
        paidOn: '2021-05-20',
      }).expect(404);
      expect(unknown.body.code).toBe('recovery-not-found');

      const fine = { multiple: 1.5, decisionRef: '越民罚〔2021〕3号' };
      const finePath = `/cases/${caseId}/recoveries/${recoveryId}/fraud-fine`;
      const byTownship = await post(finePath, await approver(), fine).expect(403);
      expect(byTownship.body.code).toBe('role-required');
      const fined = await post(finePath, await countyReviewer(), fine).expect(201);
      expect(fined.body.events.at(-1)).toMatchObject({
        type: 'FraudFineImposed',
        data: { multiple: 1.5, baseAmountFen: 59_000, amountFen: 88_500, decidedBy: { level: 'county' } },
      });
    });
  });
});
