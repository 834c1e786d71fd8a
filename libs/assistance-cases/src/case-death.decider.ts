import { monthOf, nextMonth } from '@app/calendar';
import { DomainError } from '@app/ledger/domain';
import type { RecordMemberDeath } from './case.commands';
import { assistanceFor } from './case.entitlement';
import type { CaseEvent, CaseTerminated, MemberDied } from './case.events';
import { evolveCase } from './case.evolve';
import { authorize, todayOf, TOWNSHIP_STAFF_OR_COUNTY } from './case.guards';
import { scheduledPaymentsFrom } from './case-management.queries';
import { requireManaged } from './case-management.validation';
import type { CaseState } from './case.state';
import { requireObject, requirePastDate, requireText } from './case.validation';

/**
 * A member's death, from civil-registration records. The member counts until the end of the death
 * month, whenever the death is recorded: the month of death is due, the months after it are not.
 * The death of the household's last member ends the case by rule from the month after; another
 * member's death reduces the household from then. Known late, it reaches back, and what was paid
 * for the months since shows as overpayment.
 */
export function recordMemberDeath(command: RecordMemberDeath, state: CaseState): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF_OR_COUNTY, 'record a death');
  requireManaged(state, ['approved', 'suspended', 'terminated'], 'record a death');
  const d = command.data;
  const today = todayOf(command);
  const idNumber = typeof d.idNumber === 'string' ? d.idNumber.trim().toUpperCase() : '';
  const memberIndex = state.personal.memberIdNumbers.indexOf(idNumber);
  if (memberIndex < 0) throw DomainError.invalid('idNumber', 'idNumber is not a member of this household');
  const diedOn = requirePastDate(d.diedOn, 'diedOn', today);
  const member = state.members[memberIndex];
  if (member.diedOn === diedOn) return [];
  if (member.diedOn !== null) {
    throw DomainError.conflict(
      'death-already-recorded',
      `the death of member ${memberIndex} is recorded on ${member.diedOn}`,
      { memberIndex, diedOn: member.diedOn },
    );
  }
  if (member.leftOn !== null) {
    throw DomainError.conflict('member-not-present', `member ${memberIndex} left the household on ${member.leftOn}`, {
      memberIndex,
    });
  }
  const source = requireObject(d.source, 'source');
  const effectiveFrom = nextMonth(monthOf(diedOn));
  const householdEnded = state.members.every((m, i) => i === memberIndex || m.leftOn !== null || m.diedOn !== null);
  const died: MemberDied = {
    type: 'MemberDied',
    data: {
      caseId: state.caseId as string,
      memberIndex,
      diedOn,
      recordedOn: today,
      source: {
        registry: requireText(source.registry, 'source.registry', 100),
        recordId: requireText(source.recordId, 'source.recordId', 100),
      },
      effectiveFrom,
      householdEnded,
      monthlyAmountFen: null,
    },
  };
  const after = assistanceFor(evolveCase(state, died), effectiveFrom);
  const monthlyAmountFen = after.due ? after.amountFen : null;
  const recorded: MemberDied = { ...died, data: { ...died.data, monthlyAmountFen } };
  if (!householdEnded || state.termination !== null) return [recorded];
  const terminated: CaseTerminated = {
    type: 'CaseTerminated',
    data: {
      caseId: state.caseId as string,
      programme: state.programme as NonNullable<CaseState['programme']>,
      decidedOn: today,
      decidedBy: null,
      delegationId: null,
      reasons: [],
      ground: 'death',
      effectiveFrom,
      publicity: null,
      paymentsToCancel: scheduledPaymentsFrom(state, effectiveFrom),
    },
  };
  return [recorded, terminated];
}
