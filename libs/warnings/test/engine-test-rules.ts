import type { IntegrityRule, RuleFinding } from '../src/rules/integrity-rule';

/**
 * Small rules for the engine's tests, over synthetic household events and real case events:
 * the engine is tested for what it does with findings, not for what the real rules find.
 */

export const TOWNSHIP = '330602001';

interface Death {
  readonly month: string;
  readonly eventId: string;
}

/** `BenefitPaid` for a month after the person's `MemberDeathRecorded` month. */
export const paidAfterDeath: IntegrityRule<ReadonlyMap<string, Death>> = {
  id: 'test-paid-after-death',
  title: '死亡后仍发放',
  severity: 'medium',
  handles: ['MemberDeathRecorded', 'BenefitPaid'],
  initialState: () => new Map(),
  evolve(state, { event }) {
    const data = event.data as { personId: string; month: string; township?: string };
    if (event.type === 'MemberDeathRecorded') {
      return { state: new Map(state).set(data.personId, { month: data.month, eventId: event.eventId }), findings: [] };
    }
    const death = state.get(data.personId);
    if (!death || data.month <= death.month) return { state, findings: [] };
    const finding: RuleFinding = {
      key: `${data.personId}:${data.month}`,
      township: data.township ?? TOWNSHIP,
      evidence: [death.eventId, event.eventId],
      summary: `${data.month} 发放给已于 ${death.month} 死亡的人员`,
      details: { personId: data.personId, month: data.month, deathMonth: death.month },
    };
    return { state, findings: [finding] };
  },
};

/** A case approved straight from publicity: uses the case before and after the event. */
export const approvedFromPublicity: IntegrityRule<null> = {
  id: 'test-approved-from-publicity',
  title: '公示后批准',
  severity: 'low',
  handles: ['CaseApproved'],
  initialState: () => null,
  evolve(state, input) {
    const transition = input.case;
    if (!transition || transition.before.status !== 'in-publicity' || transition.after.status !== 'approved') {
      return { state, findings: [] };
    }
    return {
      state,
      findings: [
        {
          key: transition.caseId,
          township: transition.after.townshipCode ?? TOWNSHIP,
          caseId: transition.caseId,
          evidence: [input.event.eventId],
          summary: `个案 ${transition.caseId} 经公示后批准`,
          details: { before: transition.before.status, after: transition.after.status },
        },
      ],
    };
  },
};

interface Review {
  readonly dueAt: string;
  readonly eventId: string;
  readonly done: boolean;
  readonly reported: boolean;
}

/** `ReviewDue` not followed by `ReviewDone` before its time: found by tick. */
export const reviewOverdue: IntegrityRule<ReadonlyMap<string, Review>> = {
  id: 'test-review-overdue',
  title: '复核逾期',
  severity: 'high',
  handles: ['ReviewDue', 'ReviewDone'],
  initialState: () => new Map(),
  evolve(state, { event }) {
    const data = event.data as { reviewId: string; dueAt?: string };
    const next = new Map(state);
    if (event.type === 'ReviewDue') next.set(data.reviewId, { dueAt: data.dueAt as string, eventId: event.eventId, done: false, reported: false });
    else {
      const review = state.get(data.reviewId);
      if (review) next.set(data.reviewId, { ...review, done: true });
    }
    return { state: next, findings: [] };
  },
  tick(state, now) {
    const findings: RuleFinding[] = [];
    const next = new Map(state);
    for (const [reviewId, review] of state) {
      if (review.done || review.reported || Date.parse(review.dueAt) > now.getTime()) continue;
      next.set(reviewId, { ...review, reported: true });
      findings.push({
        key: reviewId,
        township: TOWNSHIP,
        evidence: [review.eventId],
        summary: `复核 ${reviewId} 逾期`,
        details: { dueAt: review.dueAt },
      });
    }
    return { state: next, findings };
  },
};

/** Fires on `Glitch` with a finding the warning stream must refuse (no township). */
export const faultyFinding: IntegrityRule<null> = {
  id: 'test-faulty-finding',
  title: '错误规则',
  severity: 'low',
  handles: ['Glitch'],
  initialState: () => null,
  evolve: (state, { event }) => ({
    state,
    findings: [{ key: event.eventId, township: 'nowhere', evidence: [event.eventId], summary: 'x', details: {} }],
  }),
};

/** Throws on `Glitch`: the other rules go on. */
export const throwingRule: IntegrityRule<null> = {
  id: 'test-throwing',
  title: '抛错规则',
  severity: 'low',
  handles: ['Glitch'],
  initialState: () => null,
  evolve: () => {
    throw new Error('rule bug');
  },
};
