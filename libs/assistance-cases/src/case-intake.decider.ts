import { DomainError } from '@app/ledger/domain';
import type { AcceptApplication, RecordDocumentsSupplied, RequestMissingDocuments } from './case.commands';
import { type DeadlineDeps, decisionDue, investigationStartDue, opinionDue } from './case.deadlines';
import type { CaseEvent } from './case.events';
import { authorize, requireStatus, todayOf, TOWNSHIP_STAFF } from './case.guards';
import type { CaseState } from './case.state';
import { requireArray, requireId, requireObject, requireText } from './case.validation';

/** 受理: the one-time notice of missing documents, the documents supplied, acceptance. */

/**
 * 一次性告知: the first notice lists every missing document. A later notice may only name again
 * documents the first one listed (a resubmitted one found defective), never a new requirement.
 */
export function requestMissingDocuments(command: RequestMissingDocuments, state: CaseState): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF, 'request missing documents');
  requireFullProcedure(state);
  requireStatus(state, ['submitted', 'documents-requested'], 'request documents');
  const seen = new Set<string>();
  const documents = requireArray(command.data.documents, 'documents', { nonEmpty: true }).map((raw, i) => {
    const doc = requireObject(raw, `documents[${i}]`);
    const code = requireId(doc.code, `documents[${i}].code`);
    if (seen.has(code)) throw DomainError.invalid(`documents[${i}].code`, `document ${code} is listed twice`);
    seen.add(code);
    return { code, description: requireText(doc.description, `documents[${i}].description`, 500) };
  });
  if (state.documents.notices > 0) {
    const added = documents.map((doc) => doc.code).filter((code) => !state.documents.requested.includes(code));
    if (added.length > 0) {
      throw DomainError.conflict(
        'one-time-notice-breached',
        `missing documents must all be listed in the first notice; not listed then: ${added.join(', ')}`,
        { documents: added, firstNotice: [...state.documents.requested] },
      );
    }
  }
  return [
    {
      type: 'MissingDocumentsRequested',
      data: {
        caseId: state.caseId as string,
        requestedOn: todayOf(command),
        documents,
        notice: state.documents.notices + 1,
      },
    },
  ];
}

export function recordDocumentsSupplied(command: RecordDocumentsSupplied, state: CaseState): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF, 'record supplied documents');
  requireStatus(state, ['documents-requested'], 'record supplied documents');
  const documents = requireArray(command.data.documents, 'documents', { nonEmpty: true }).map((code, i) => {
    if (typeof code !== 'string' || !state.documents.requested.includes(code)) {
      throw DomainError.invalid(`documents[${i}]`, `documents[${i}] was not requested`);
    }
    return code;
  });
  return [
    {
      type: 'DocumentsSupplied',
      data: { caseId: state.caseId as string, suppliedOn: todayOf(command), documents: [...new Set(documents)] },
    },
  ];
}

/** 受理: the documents are complete; the deadline clock starts. */
export function acceptApplication(command: AcceptApplication, state: CaseState, deps: DeadlineDeps): CaseEvent[] {
  authorize(command, state, TOWNSHIP_STAFF, 'accept an application');
  requireFullProcedure(state);
  requireStatus(state, ['submitted', 'documents-requested'], 'accept the application');
  if (state.documents.outstanding.length > 0) {
    throw DomainError.conflict(
      'documents-outstanding',
      `requested documents not yet supplied: ${state.documents.outstanding.join(', ')}`,
      {
        documents: [...state.documents.outstanding],
      },
    );
  }
  const today = todayOf(command);
  const programme = state.programme as NonNullable<CaseState['programme']>;
  const due = decisionDue(deps, programme, today, false);
  return [
    {
      type: 'ApplicationAccepted',
      data: {
        caseId: state.caseId as string,
        acceptedOn: today,
        investigationStartDueBy: investigationStartDue(deps, today),
        opinionDueBy: opinionDue(deps, programme, today),
        decisionDueBy: due.dueBy,
        totalWorkingDays: due.totalWorkingDays,
      },
    },
  ];
}

function requireFullProcedure(state: CaseState): void {
  if (state.track === 'emergency') {
    throw DomainError.conflict(
      'emergency-track',
      'an emergency case is paid first (PayEmergencyAssistance) and documented after',
    );
  }
}
