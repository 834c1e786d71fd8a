import type { DomainError } from '@app/ledger/domain';
import type { ApplicationSubmitted } from '../src';
import {
  application,
  approver,
  at,
  clerk,
  command,
  countyReviewer,
  IDS,
  OTHER_TOWNSHIP,
  refusal,
  run,
  runOn,
  when,
} from './case.fixtures';

const submit = (overrides: Parameters<typeof application>[0] = {}, actor = clerk) =>
  command('SubmitApplication', application(overrides), actor, at('2021-03-01'));

describe('an application for 低保', () => {
  it('is recorded with the household, its pledge and authorisation, personal data kept under data.personal', () => {
    const [submitted, ...rest] = when([], submit()) as [ApplicationSubmitted, ...unknown[]];

    expect(rest).toEqual([]);
    expect(submitted.type).toBe('ApplicationSubmitted');
    expect(submitted.data).toMatchObject({
      caseId: 'c-1',
      programme: 'dibao',
      track: null,
      townshipCode: '330602001',
      submittedOn: '2021-03-01',
      household: { members: [{ relation: 'applicant' }, { relation: 'spouse' }, { relation: 'child' }] },
      honestyPledge: true,
      dataCheckAuthorised: true,
      relatedToStaff: { declared: false },
      personal: {
        members: [
          { name: '张三', idNumber: IDS.applicant },
          { name: '李四', idNumber: IDS.spouse },
          { name: '张小', idNumber: IDS.child },
        ],
        bankAccount: { bankName: '绍兴银行', accountNumber: '6222021234567890123' },
      },
    });
    expect(JSON.stringify(submitted.data.household)).not.toContain(IDS.applicant);
  });

  it.each([
    ['a wrong check digit', 1, '330602198202020026'],
    ['an impossible birth date', 1, '330602198213020025'],
    ['too short a number', 2, '33060220100303003'],
  ])('names the member whose ID number has %s', (_, index, idNumber) => {
    const members = [...application().household.members];
    members[index] = { ...members[index], personal: { ...members[index].personal, idNumber } };
    const error = refusal([], submit({ household: { ...application().household, members } }));

    expect(error).toMatchObject({
      kind: 'invalid',
      details: { field: `household.members[${index}].personal.idNumber` },
    });
  });

  it('refuses the same ID number twice, naming the repeat', () => {
    const members = [...application().household.members];
    members[2] = { relation: 'child', personal: { name: '张三', idNumber: IDS.applicant } };
    const error = refusal([], submit({ household: { ...application().household, members } }));
    expect(error.details).toMatchObject({ field: 'household.members[2].personal.idNumber' });
    expect(error.message).toContain('household.members[0]');
  });

  it('needs an applicant among the members, the pledge, the authorisation and a bank account', () => {
    const noApplicant = application().household.members.map((m) => ({ ...m, relation: 'spouse' as const }));
    const cases: [Parameters<typeof application>[0], string][] = [
      [{ household: { ...application().household, members: noApplicant } }, 'household.members'],
      [{ honestyPledge: false as never }, 'honestyPledge'],
      [{ dataCheckAuthorised: undefined as never }, 'dataCheckAuthorised'],
      [{ personal: {} }, 'personal.bankAccount'],
      [
        { personal: { bankAccount: { bankName: '绍兴银行', accountNumber: '62-22' } } },
        'personal.bankAccount.accountNumber',
      ],
      [
        { household: { ...application().household, monthlyIncomeFen: { wages: 12.5 } } },
        'household.monthlyIncomeFen.wages',
      ],
      [
        { household: { ...application().household, monthlyIncomeFen: { lottery: 1 } as never } },
        'household.monthlyIncomeFen.lottery',
      ],
      [{ track: 'emergency' }, 'track'],
      [{ townshipCode: '330602' }, 'townshipCode'],
    ];
    for (const [overrides, field] of cases) {
      expect(refusal([], submit(overrides))).toMatchObject({ kind: 'invalid', details: { field } });
    }
  });

  it('cannot be submitted twice under the same case id', () => {
    expect(refusal(run(submit()), submit())).toMatchObject({ kind: 'conflict', code: 'case-already-exists' });
  });
});

describe('an application from a relative of staff (单独登记备案)', () => {
  it('is registered separately when the officials’ declarations match a member', () => {
    const events = when(
      [],
      submit({ nearRelativeMatches: [{ officialId: 'official-9', relation: '兄弟', memberIdNumber: IDS.spouse }] }),
    );
    expect(events.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'NearRelativeCaseRegistered']);
    expect(events[1].data).toEqual({
      caseId: 'c-1',
      townshipCode: '330602001',
      registeredOn: '2021-03-01',
      selfDeclared: false,
      matches: [{ officialId: 'official-9', relation: '兄弟', memberIndex: 1 }],
      countyHomeVisitRequired: true,
    });
  });

  it('is registered separately on the applicant’s own declaration, the staff name kept personal', () => {
    const events = when(
      [],
      submit({
        relatedToStaff: {
          declared: true,
          staffRole: 'committee-member',
          relation: '配偶之兄',
          personal: { staffName: '王五' },
        },
      }),
    );
    expect(events[1]).toMatchObject({ type: 'NearRelativeCaseRegistered', data: { selfDeclared: true, matches: [] } });
    expect(events[0].data).toMatchObject({
      relatedToStaff: { declared: true, staffRole: 'committee-member', relation: '配偶之兄' },
      personal: { staffName: '王五' },
    });
  });

  it('refuses a match that names no member of the household', () => {
    const error = refusal(
      [],
      submit({ nearRelativeMatches: [{ officialId: 'o-1', relation: '父子', memberIdNumber: IDS.elsewhere }] }),
    );
    expect(error.details).toMatchObject({ field: 'nearRelativeMatches[0].memberIdNumber' });
  });
});

describe('who may receive an application', () => {
  it('is township staff of the township applied to', () => {
    expect(when([], submit({}, approver))).toHaveLength(1);
    expect(refusal([], submit({ townshipCode: OTHER_TOWNSHIP }))).toMatchObject({
      kind: 'forbidden',
      code: 'outside-jurisdiction',
    });
    expect(refusal([], submit({}, countyReviewer))).toMatchObject({ kind: 'forbidden', code: 'role-not-allowed' });
  });
});

describe('the one-time notice of missing documents (一次性告知)', () => {
  const submitted = run(submit());
  const request = (codes: string[], now = at('2021-03-01', '11:00')) =>
    command(
      'RequestMissingDocuments',
      { caseId: 'c-1', documents: codes.map((code) => ({ code, description: `材料 ${code}` })) },
      clerk,
      now,
    );
  const supplied = (codes: string[]) =>
    command('RecordDocumentsSupplied', { caseId: 'c-1', documents: codes }, clerk, at('2021-03-03'));
  const accept = command('AcceptApplication', { caseId: 'c-1' }, clerk, at('2021-03-04'));

  it('lists every missing document at once and holds acceptance until all are supplied', () => {
    const requested = runOn(submitted, request(['income-proof', 'disability-card']));
    expect(requested).toEqual([
      {
        type: 'MissingDocumentsRequested',
        data: {
          caseId: 'c-1',
          requestedOn: '2021-03-01',
          documents: [
            { code: 'income-proof', description: '材料 income-proof' },
            { code: 'disability-card', description: '材料 disability-card' },
          ],
          notice: 1,
        },
      },
    ]);
    const partly = [...submitted, ...requested, ...runOn([...submitted, ...requested], supplied(['income-proof']))];
    expect(refusal(partly, accept)).toMatchObject({
      kind: 'conflict',
      code: 'documents-outstanding',
      details: { documents: ['disability-card'] },
    });

    const complete = [...partly, ...runOn(partly, supplied(['disability-card']))];
    expect(when(complete, accept)).toEqual([expect.objectContaining({ type: 'ApplicationAccepted' })]);
  });

  it('refuses a later notice that adds a document the first did not list', () => {
    const requested = [...submitted, ...runOn(submitted, request(['income-proof']))];
    const error: DomainError = refusal(requested, request(['income-proof', 'marriage-certificate'], at('2021-03-05')));
    expect(error).toMatchObject({
      kind: 'conflict',
      code: 'one-time-notice-breached',
      details: { documents: ['marriage-certificate'], firstNotice: ['income-proof'] },
    });
  });

  it('lets a later notice ask again for a listed document found defective', () => {
    const history = [...submitted, ...runOn(submitted, request(['income-proof', 'disability-card']))];
    const resupplied = [...history, ...runOn(history, supplied(['income-proof', 'disability-card']))];
    expect(when(resupplied, request(['income-proof'], at('2021-03-04')))).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ notice: 2 }) }),
    ]);
  });

  it('refuses a supplied document that was never requested and a list with a repeat', () => {
    const history = [...submitted, ...runOn(submitted, request(['income-proof']))];
    expect(refusal(history, supplied(['passport'])).details).toMatchObject({ field: 'documents[0]' });
    expect(refusal(submitted, request(['a', 'a'])).details).toMatchObject({ field: 'documents[1].code' });
  });
});
