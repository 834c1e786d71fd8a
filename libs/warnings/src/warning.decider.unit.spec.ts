import { createWorkingCalendar } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import type { Actor } from '@app/ledger/envelope';
import {
  type AcknowledgeWarning,
  type CloseWarning,
  type EscalateWarning,
  type RaiseWarning,
  RULES_ENGINE_ACTOR,
  type RouteWarning,
  type WarningCommand,
} from './warning.commands';
import { createWarningDecider } from './warning.decider';
import type { WarningEvent } from './warning.events';
import { createWarningPolicy, type WarningPolicy } from './warning.policy';

const calendar = createWorkingCalendar();
const WARNING = 'w-1';
const TOWNSHIP = '330602001';
// Monday 1 March 2021, 10:00 in China.
const MONDAY = '2021-03-01T02:00:00.000Z';

const townshipApprover: Actor = { id: 'tz-1', role: 'township-approver', unit: TOWNSHIP };
const otherTownshipApprover: Actor = { id: 'tz-2', role: 'township-approver', unit: '330602002' };
const townshipSupervisor: Actor = { id: 'ts-1', role: 'supervisor', unit: TOWNSHIP };
const countyReviewer: Actor = { id: 'cr-1', role: 'county-reviewer', unit: '330602' };
const countySupervisor: Actor = { id: 'cs-1', role: 'supervisor', unit: '330602' };
const otherCountySupervisor: Actor = { id: 'cs-2', role: 'supervisor', unit: '330603' };
const inspector: Actor = { id: 'di-1', role: 'discipline-inspector', unit: '330602' };
const clerk: Actor = { id: 'ic-1', role: 'intake-clerk', unit: TOWNSHIP };

function raise(overrides: Partial<RaiseWarning['data']> = {}, now = MONDAY, actor: Actor = RULES_ENGINE_ACTOR): RaiseWarning {
  return {
    type: 'RaiseWarning',
    data: {
      warningId: WARNING,
      ruleId: 'payment-after-death',
      ruleTitle: '死亡后仍发放',
      severity: 'medium',
      key: 'case-1:2021-03',
      township: TOWNSHIP,
      caseId: 'case-1',
      evidence: ['e-1', 'e-2'],
      summary: '成员死亡后仍发放 2021-03 低保金',
      details: { month: '2021-03', amountFen: 88600 },
      ...overrides,
    },
    metadata: { now, actor },
  };
}

const acknowledge = (actor: Actor, now = MONDAY, note: string | null = null): AcknowledgeWarning => ({
  type: 'AcknowledgeWarning',
  data: { warningId: WARNING, note },
  metadata: { now, actor },
});

const escalate = (actor: Actor, now: string, data: Partial<EscalateWarning['data']> = {}): EscalateWarning => ({
  type: 'EscalateWarning',
  data: { warningId: WARNING, reason: 'by-hand', note: null, ...data },
  metadata: { now, actor },
});

const overdue = (now: string, from: EscalateWarning['data']['from'] = 'township'): EscalateWarning =>
  escalate(RULES_ENGINE_ACTOR, now, { reason: 'unacknowledged', from });

const close = (actor: Actor, data: Partial<CloseWarning['data']> = {}, now = MONDAY): CloseWarning => ({
  type: 'CloseWarning',
  data: { warningId: WARNING, finding: 'dismissed', reason: '核实为同名不同人', evidence: [], ...data },
  metadata: { now, actor },
});

const route = (actor: Actor, level: RouteWarning['data']['level'], now = MONDAY): RouteWarning => ({
  type: 'RouteWarning',
  data: { warningId: WARNING, level },
  metadata: { now, actor },
});

function scenario(policy?: WarningPolicy) {
  const decider = createWarningDecider({ policy, calendar });
  return {
    given(...history: (WarningCommand | WarningEvent[])[]) {
      let state = decider.initialState();
      for (const step of history) {
        const events = Array.isArray(step) ? step : decider.decide(step, state);
        for (const event of events) state = decider.evolve(state, event);
      }
      return {
        state,
        when: (command: WarningCommand) => ({
          then: (expected: WarningEvent[]) => expect(decider.decide(command, state)).toEqual(expected),
          thenNothing: () => expect(decider.decide(command, state)).toEqual([]),
          thenRefused: (kind: DomainError['kind'], code: string) => {
            let thrown: unknown;
            try {
              decider.decide(command, state);
            } catch (error) {
              thrown = error;
            }
            expect(thrown).toBeInstanceOf(DomainError);
            expect(thrown).toMatchObject({ kind, code });
          },
        }),
      };
    },
  };
}

describe('raising a warning', () => {
  it('records it and routes it at once by severity, with the acknowledgement and close-out deadlines in working days', () => {
    scenario()
      .given()
      .when(raise())
      .then([
        {
          type: 'WarningRaised',
          data: {
            warningId: WARNING,
            ruleId: 'payment-after-death',
            ruleTitle: '死亡后仍发放',
            severity: 'medium',
            key: 'case-1:2021-03',
            caseId: 'case-1',
            jurisdiction: { township: TOWNSHIP, county: '330602' },
            evidence: ['e-1', 'e-2'],
            summary: '成员死亡后仍发放 2021-03 低保金',
            details: { month: '2021-03', amountFen: 88600 },
            raisedAt: MONDAY,
            // 15 working days after Monday 1 March.
            closeBy: '2021-03-22',
          },
        },
        // Two working days: until the end of Wednesday 3 March, China time.
        { type: 'WarningRouted', data: { warningId: WARNING, level: 'township', routedAt: MONDAY, acknowledgeBy: '2021-03-03T16:00:00.000Z' } },
      ]);
  });

  it('sends a critical warning to discipline inspection, where nothing escalates further', () => {
    const decider = createWarningDecider({ calendar });
    const [raised, routed] = decider.decide(raise({ severity: 'critical' }), decider.initialState());
    expect(raised).toMatchObject({ data: { closeBy: '2021-03-08' } });
    expect(routed).toEqual({
      type: 'WarningRouted',
      data: { warningId: WARNING, level: 'discipline', routedAt: MONDAY, acknowledgeBy: null },
    });
  });

  it('counts working days over a public holiday (Qingming 2021: 3-5 April)', () => {
    const decider = createWarningDecider({ calendar });
    const [, routed] = decider.decide(raise({}, '2021-04-02T02:00:00.000Z'), decider.initialState());
    // Friday 2 April + 2 working days = Wednesday 7 April.
    expect(routed).toMatchObject({ data: { acknowledgeBy: '2021-04-07T16:00:00.000Z' } });
  });

  it('routes by the configured policy', () => {
    const policy = createWarningPolicy({ routing: { medium: 'county' }, acknowledgeWorkingDays: { county: 5 } });
    const decider = createWarningDecider({ policy, calendar });
    const [, routed] = decider.decide(raise(), decider.initialState());
    expect(routed).toMatchObject({ data: { level: 'county', acknowledgeBy: '2021-03-08T16:00:00.000Z' } });
  });

  it('decides nothing when the same finding is raised again (a replay of the log)', () => {
    scenario().given(raise()).when(raise({}, '2021-05-01T00:00:00.000Z')).thenNothing();
  });

  it('refuses another finding under an existing warning id', () => {
    scenario().given(raise()).when(raise({ key: 'case-2:2021-03' })).thenRefused('conflict', 'warning-exists');
  });

  it('is for the rules engine only', () => {
    scenario().given().when(raise({}, MONDAY, countySupervisor)).thenRefused('forbidden', 'system-only');
  });

  it.each([
    ['no evidence', { evidence: [] }],
    ['a county code for the township', { township: '330602' }],
    ['an unknown severity', { severity: 'grave' as never }],
    ['a rule id that is not kebab-case', { ruleId: 'Payment After Death' }],
    ['an empty summary', { summary: '  ' }],
  ])('refuses a finding with %s', (_what, overrides) => {
    scenario().given().when(raise(overrides)).thenRefused('invalid', 'invalid-field');
  });
});

describe('acknowledging a warning', () => {
  it('is done by an official of the level it sits at, in its township', () => {
    scenario()
      .given(raise())
      .when(acknowledge(townshipApprover, '2021-03-02T01:00:00.000Z', '已安排入户核实'))
      .then([
        {
          type: 'WarningAcknowledged',
          data: {
            warningId: WARNING,
            level: 'township',
            acknowledgedBy: 'tz-1',
            acknowledgedAt: '2021-03-02T01:00:00.000Z',
            note: '已安排入户核实',
          },
        },
      ]);
    scenario().given(raise()).when(acknowledge(townshipSupervisor)).then([expect.objectContaining({ type: 'WarningAcknowledged' })]);
  });

  it.each([
    ["another township's approver", otherTownshipApprover],
    ['a county reviewer, while it sits with the township', countyReviewer],
    ['an intake clerk', clerk],
  ])('is refused to %s', (_who, actor) => {
    scenario().given(raise()).when(acknowledge(actor)).thenRefused('forbidden', 'not-warning-handler');
  });

  it('is refused a second time, naming who has it', () => {
    scenario()
      .given(raise(), acknowledge(townshipApprover))
      .when(acknowledge(townshipSupervisor))
      .thenRefused('conflict', 'already-acknowledged');
  });

  it('is for the county once the warning has escalated there', () => {
    const history = [raise(), overdue('2021-03-04T00:00:00.000Z')];
    scenario().given(...history).when(acknowledge(countyReviewer)).then([
      expect.objectContaining({ type: 'WarningAcknowledged', data: expect.objectContaining({ level: 'county', acknowledgedBy: 'cr-1' }) }),
    ]);
    scenario().given(...history).when(acknowledge(townshipApprover)).thenRefused('forbidden', 'not-warning-handler');
  });

  it('refuses a warning that does not exist', () => {
    scenario().given().when(acknowledge(townshipApprover)).thenRefused('not-found', 'warning-not-found');
  });
});

describe('escalating an unacknowledged warning', () => {
  it('moves it one level up once its acknowledgement deadline has passed, with the next level’s deadline', () => {
    scenario()
      .given(raise())
      .when(overdue('2021-03-03T16:00:00.001Z'))
      .then([
        {
          type: 'WarningEscalated',
          data: {
            warningId: WARNING,
            from: 'township',
            to: 'county',
            reason: 'unacknowledged',
            note: null,
            escalatedAt: '2021-03-03T16:00:00.001Z',
            // Arrived Thursday 4 March (China time) + 2 working days = Monday 8 March.
            acknowledgeBy: '2021-03-08T16:00:00.000Z',
          },
        },
      ]);
  });

  it('is refused before the deadline has passed', () => {
    scenario().given(raise()).when(overdue('2021-03-03T16:00:00.000Z')).thenRefused('conflict', 'not-overdue');
  });

  it('decides nothing for a warning acknowledged, moved or closed since the scheduler looked', () => {
    const late = '2021-03-10T00:00:00.000Z';
    scenario().given(raise(), acknowledge(townshipApprover)).when(overdue(late)).thenNothing();
    scenario().given(raise(), overdue('2021-03-04T00:00:00.000Z')).when(overdue(late, 'township')).thenNothing();
    scenario().given(raise(), close(townshipApprover)).when(overdue(late)).thenNothing();
  });

  it('reaches discipline inspection from the county, and stops there', () => {
    const history = [raise(), overdue('2021-03-04T00:00:00.000Z'), overdue('2021-03-09T00:00:00.000Z', 'county')];
    const { state } = scenario().given(...history);
    expect(state).toMatchObject({ level: 'discipline', acknowledgeBy: null, escalations: 2 });
    scenario().given(...history).when(overdue('2021-06-01T00:00:00.000Z', 'discipline')).thenNothing();
  });

  it('is for the system only', () => {
    scenario()
      .given(raise())
      .when(escalate(countySupervisor, '2021-03-10T00:00:00.000Z', { reason: 'unacknowledged', from: 'township' }))
      .thenRefused('forbidden', 'system-only');
  });
});

describe('escalating by hand', () => {
  it('is open to the level it sits at and the levels above, before any deadline', () => {
    for (const actor of [townshipSupervisor, countySupervisor, inspector]) {
      scenario()
        .given(raise())
        .when(escalate(actor, MONDAY, { note: '涉及村干部亲属' }))
        .then([
          {
            type: 'WarningEscalated',
            data: {
              warningId: WARNING,
              from: 'township',
              to: 'county',
              reason: 'by-hand',
              note: '涉及村干部亲属',
              escalatedAt: MONDAY,
              acknowledgeBy: '2021-03-03T16:00:00.000Z',
            },
          },
        ]);
    }
  });

  it('is refused outside the jurisdiction, at the top, and on a level that has changed', () => {
    scenario().given(raise()).when(escalate(otherCountySupervisor, MONDAY)).thenRefused('forbidden', 'not-warning-handler');
    scenario().given(raise({ severity: 'critical' })).when(escalate(inspector, MONDAY)).thenRefused('conflict', 'top-level');
    scenario()
      .given(raise(), escalate(countySupervisor, MONDAY))
      .when(escalate(countySupervisor, MONDAY, { from: 'township' }))
      .thenRefused('conflict', 'level-changed');
  });
});

describe('routing by hand', () => {
  it('lets the county send a warning to another level, restarting the acknowledgement clock there', () => {
    scenario()
      .given(raise({ severity: 'high' }), acknowledge(countyReviewer))
      .when(route(countySupervisor, 'township', '2021-03-02T02:00:00.000Z'))
      .then([
        {
          type: 'WarningRouted',
          data: { warningId: WARNING, level: 'township', routedAt: '2021-03-02T02:00:00.000Z', acknowledgeBy: '2021-03-04T16:00:00.000Z' },
        },
      ]);
    const { state } = scenario().given(raise({ severity: 'high' }), acknowledge(countyReviewer), route(countySupervisor, 'township'));
    expect(state.acknowledged).toBeNull();
  });

  it('is refused to the township and to the level it is already at', () => {
    scenario().given(raise()).when(route(townshipSupervisor, 'county')).thenRefused('forbidden', 'not-warning-handler');
    scenario().given(raise()).when(route(countySupervisor, 'township')).thenRefused('conflict', 'already-at-level');
  });
});

describe('closing a warning', () => {
  it('is dismissed with a reason, or confirmed with evidence', () => {
    scenario()
      .given(raise())
      .when(close(townshipApprover))
      .then([
        {
          type: 'WarningClosed',
          data: {
            warningId: WARNING,
            finding: 'dismissed',
            reason: '核实为同名不同人',
            evidence: [],
            closedBy: 'tz-1',
            closedAt: MONDAY,
          },
        },
      ]);
    scenario()
      .given(raise())
      .when(close(countySupervisor, { finding: 'confirmed', reason: '已停发并追回', evidence: ['火化证明 2021-0042'] }))
      .then([expect.objectContaining({ data: expect.objectContaining({ finding: 'confirmed', evidence: ['火化证明 2021-0042'] }) })]);
  });

  it('refuses a confirmation without evidence and a close without a reason', () => {
    scenario().given(raise()).when(close(townshipApprover, { finding: 'confirmed' })).thenRefused('invalid', 'invalid-field');
    scenario().given(raise()).when(close(townshipApprover, { reason: ' ' })).thenRefused('invalid', 'invalid-field');
  });

  it('is refused to a level below the one it sits at', () => {
    scenario().given(raise({ severity: 'high' })).when(close(townshipApprover)).thenRefused('forbidden', 'not-warning-handler');
  });
});

describe('a closed warning', () => {
  it.each([
    ['acknowledge', acknowledge(townshipApprover)],
    ['escalate', escalate(countySupervisor, MONDAY)],
    ['close', close(townshipApprover)],
    ['route', route(countySupervisor, 'county')],
  ])('refuses to %s', (_what, command) => {
    scenario().given(raise(), close(townshipApprover)).when(command).thenRefused('conflict', 'warning-closed');
  });
});
