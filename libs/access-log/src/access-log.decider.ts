import type { Decider } from '@app/ledger/decider';
import { DomainError } from '@app/ledger/domain';
import type { AccessLogCommand, RecordCaseHistoryRead } from './access-log.commands';
import type { AccessLogEvent, CaseHistoryRead } from './access-log.events';

export const MAX_PURPOSE_LENGTH = 200;

/** A day's access stream holds nothing a later read depends on: only how many reads it has. */
export interface AccessLogState {
  readonly reads: number;
}

export type AccessLogDecider = Decider<AccessLogCommand, AccessLogEvent, AccessLogState>;

/**
 * Any authenticated reader's read is recorded: who may read what is decided before the read,
 * so the log never refuses one (a refused read is not recorded, since nothing was read).
 */
export function createAccessLogDecider(): AccessLogDecider {
  return {
    initialState: () => ({ reads: 0 }),
    evolve(state, event) {
      switch (event.type) {
        case 'CaseHistoryRead':
          return { reads: state.reads + 1 };
        default: {
          const _exhaustive: never = event.type;
          return _exhaustive;
        }
      }
    },
    decide(command) {
      switch (command.type) {
        case 'RecordCaseHistoryRead':
          return [recordRead(command)];
        default: {
          const _exhaustive: never = command.type;
          return _exhaustive;
        }
      }
    },
  };
}

function recordRead({ data, metadata }: RecordCaseHistoryRead): CaseHistoryRead {
  if (data.caseId.length === 0) throw DomainError.invalid('caseId', 'caseId must not be empty');
  if (data.purpose !== null && (data.purpose.trim().length === 0 || data.purpose.length > MAX_PURPOSE_LENGTH)) {
    throw DomainError.invalid('purpose', `purpose must be 1 to ${MAX_PURPOSE_LENGTH} characters`);
  }
  const { actor } = metadata;
  return {
    type: 'CaseHistoryRead',
    data: {
      caseId: data.caseId,
      readerId: actor.id,
      role: actor.role,
      unit: actor.unit,
      purpose: data.purpose,
      asOf: data.asOf,
      readAt: metadata.now,
    },
  };
}
