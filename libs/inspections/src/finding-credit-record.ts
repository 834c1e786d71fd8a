import type { EnterCreditRecord } from '@app/credit/credit.commands';
import type { Behaviour, Severity } from '@app/credit/credit.events';
import { FINDING_CLASSES } from './inspection.events';
import type { FindingRecord, InspectionState } from './inspection.state';

export interface FindingCreditRequest {
  readonly householdId: string;
  readonly recordId: string;
  /** Upper-case X, as householdIdOf keys it. */
  readonly idNumber: string;
  readonly behaviour: Behaviour;
  readonly severity?: Severity;
  readonly occurredOn?: string;
  readonly summary?: string;
  readonly legalBasis?: readonly string[];
}

/**
 * The EnterCreditRecord a finding gives a household: in the finding's township, citing the finding
 * (`inspection-finding` + its id, the campaign and the class in the note) as its evidence; the
 * conduct dated the day the finding established it unless told otherwise, summarised by the
 * finding's description unless told otherwise. The credit decider adds the policy's legal basis.
 */
export function creditRecordFromFinding(campaign: InspectionState, finding: FindingRecord, request: FindingCreditRequest): EnterCreditRecord['data'] {
  return {
    householdId: request.householdId,
    recordId: request.recordId,
    townshipCode: finding.townshipCode,
    behaviour: request.behaviour,
    ...(request.severity === undefined ? {} : { severity: request.severity }),
    occurredOn: request.occurredOn ?? finding.recordedOn,
    summary: request.summary ?? finding.description.slice(0, 2000),
    ...(request.legalBasis === undefined ? {} : { legalBasis: [...request.legalBasis] }),
    evidence: [
      {
        kind: 'inspection-finding',
        ref: finding.findingId,
        note: `${campaign.title}（${campaign.campaignId ?? ''}）：${FINDING_CLASSES[finding.findingClass]}`.slice(0, 500),
      },
    ],
    personal: { idNumber: request.idNumber },
  };
}
