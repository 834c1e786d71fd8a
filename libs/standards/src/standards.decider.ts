import { isFirstOfMonth, isIsoDate } from '@app/calendar';
import type { Decider } from '@app/ledger/decider';
import { type CommandMetadata, DomainError } from '@app/ledger/domain';
import { unitLevel, withinJurisdiction } from '@app/platform/jurisdiction';
import type { SetStandardData, StandardsCommand } from './standards.commands';
import { isProgramme, PROGRAMMES, type StandardSet, type StandardsEvent } from './standards.events';
import { DEFAULT_STANDARDS_POLICY, type StandardsPolicy } from './standards.policy';
import { formatYuan, tekunRatioViolations } from './standards.queries';
import { initialStandardsState, type StandardsState, withStandardSet } from './standards.state';

const DOCUMENT_MAX_LENGTH = 200;

/**
 * Standards of one region. The 特困 ratio is kept as an invariant of the stream: a 特困 standard
 * below it is refused (400 on monthlyFen), and so is a 低保 standard that would leave a current or
 * future 特困 standard below it (409): raise the 特困 standard first, then the 低保 one.
 */
export function createStandardsDecider(
  policy: StandardsPolicy = DEFAULT_STANDARDS_POLICY,
): Decider<StandardsCommand, StandardsEvent, StandardsState> {
  return {
    initialState: initialStandardsState,
    decide(command, state) {
      switch (command.type) {
        case 'SetStandard':
          return setStandard(command.data, command.metadata, state, policy);
        default: {
          // A one-member union narrows by its tag, not as a whole.
          const _exhaustive: never = command.type;
          return _exhaustive;
        }
      }
    },
    evolve(state, event) {
      switch (event.type) {
        case 'StandardSet':
          return withStandardSet(state, event);
        default: {
          const _exhaustive: never = event.type;
          return _exhaustive;
        }
      }
    },
  };
}

function setStandard(
  data: SetStandardData,
  { actor }: CommandMetadata,
  state: StandardsState,
  policy: StandardsPolicy,
): StandardSet[] {
  if (!(policy.setterRoles as readonly string[]).includes(actor.role)) {
    throw DomainError.forbidden('role-not-allowed', `role ${actor.role} may not set assistance standards`, {
      allowedRoles: policy.setterRoles,
    });
  }
  validate(data, state);
  if (!withinJurisdiction(actor.unit, data.region)) {
    throw DomainError.forbidden('outside-jurisdiction', `unit ${actor.unit} does not cover region ${data.region}`, {
      unit: actor.unit,
      region: data.region,
    });
  }

  const existing = state.standards[data.programme].find((e) => e.effectiveFrom === data.effectiveFrom);
  if (existing && existing.monthlyFen === data.monthlyFen && existing.document === data.document) return [];

  const event: StandardSet = {
    type: 'StandardSet',
    data: {
      region: data.region,
      programme: data.programme,
      monthlyFen: data.monthlyFen,
      effectiveFrom: data.effectiveFrom,
      ...(data.document === undefined ? {} : { document: data.document }),
      setBy: actor.id,
    },
  };
  checkTekunRatio(data, withStandardSet(state, event), policy);
  return [event];
}

function validate(data: SetStandardData, state: StandardsState): void {
  const level = unitLevel(data.region);
  if (level !== 'city' && level !== 'county') {
    throw DomainError.invalid('region', 'region must be a 4-digit city or 6-digit county code');
  }
  if (state.region !== undefined && state.region !== data.region) {
    throw DomainError.invalid('region', `this stream holds the standards of region ${state.region}`);
  }
  if (!isProgramme(data.programme)) {
    throw DomainError.invalid('programme', `programme must be one of ${PROGRAMMES.join(', ')}`);
  }
  if (!Number.isSafeInteger(data.monthlyFen) || data.monthlyFen <= 0) {
    throw DomainError.invalid('monthlyFen', 'monthlyFen must be a positive whole number of fen (850 元 = 85000)');
  }
  if (!isIsoDate(data.effectiveFrom)) {
    throw DomainError.invalid('effectiveFrom', 'effectiveFrom must be a calendar date YYYY-MM-DD');
  }
  if (!isFirstOfMonth(data.effectiveFrom)) {
    throw DomainError.invalid('effectiveFrom', 'a standard takes effect on the first day of a month');
  }
  if (
    data.document !== undefined &&
    (typeof data.document !== 'string' || data.document.trim() === '' || data.document.length > DOCUMENT_MAX_LENGTH)
  ) {
    throw DomainError.invalid(
      'document',
      `document must be a non-blank text of at most ${DOCUMENT_MAX_LENGTH} characters`,
    );
  }
}

function checkTekunRatio(data: SetStandardData, after: StandardsState, policy: StandardsPolicy): void {
  const ratio = policy.tekunMinRatioToDibao;
  if (data.programme === 'tekun-basic' && after.standards.dibao.every((e) => e.effectiveFrom > data.effectiveFrom)) {
    throw DomainError.conflict(
      'dibao-standard-missing',
      `no 低保 standard is in force on ${data.effectiveFrom} in region ${data.region}, ` +
        `so the ${ratio}× rule cannot be checked: set it first`,
      { region: data.region, effectiveFrom: data.effectiveFrom },
    );
  }
  if (data.programme !== 'tekun-basic' && data.programme !== 'dibao') return;
  const violations = tekunRatioViolations(after, data.effectiveFrom, policy);
  if (violations.length === 0) return;
  const first = violations[0];
  const details = { ratio, ...first, violations };
  if (data.programme === 'tekun-basic') {
    throw DomainError.invalid(
      'monthlyFen',
      `特困 basic living standard ${formatYuan(first.tekunFen)} is below ${ratio} × the 低保 standard ` +
        `${formatYuan(first.dibaoFen)} in force from ${first.dibaoEffectiveFrom}: at least ${formatYuan(first.minimumFen)}`,
      details,
    );
  }
  throw DomainError.conflict(
    'tekun-below-dibao-ratio',
    `低保 standard ${formatYuan(first.dibaoFen)} from ${first.dibaoEffectiveFrom} would put the 特困 standard ` +
      `${formatYuan(first.tekunFen)} (from ${first.tekunEffectiveFrom}) below ${ratio} × 低保, at least ` +
      `${formatYuan(first.minimumFen)}: raise the 特困 standard first`,
    details,
  );
}
