import type { Command } from '@app/ledger/domain';
import type { DrawTreeHead, SampledCase, VisitMode } from './inspection.events';

/**
 * Commands carry what the decider needs and cannot compute itself: the ids the server minted, and
 * for the draw, the tree head the HTTP layer found and the population and sample it computed with
 * inspection-sampling.ts (a decider hashes nothing; `ledger sample verify` recomputes them).
 */

export type OpenCampaign = Command<
  'OpenCampaign',
  {
    readonly campaignId: string;
    readonly title: string;
    readonly townships: readonly string[];
    readonly programmes: readonly string[];
    readonly period: { readonly from: string; readonly to: string };
    readonly sampleSize?: number;
    readonly sampleRatio?: number;
  }
>;

export type DrawSample = Command<
  'DrawSample',
  {
    readonly treeHead: DrawTreeHead;
    readonly algorithm: string;
    readonly seed: string;
    readonly population: { readonly definition: string; readonly caseIds: readonly string[]; readonly hash: string };
    readonly sample: readonly SampledCase[];
  }
>;

export type RecordVisit = Command<
  'RecordVisit',
  {
    readonly visitId: string;
    readonly mode: VisitMode;
    readonly visitedOn: string;
    readonly townshipCode: string;
    readonly caseId?: string;
    readonly officials: readonly string[];
    readonly notes: string;
  }
>;

export type RecordFinding = Command<
  'RecordFinding',
  {
    readonly findingId: string;
    readonly visitId?: string;
    readonly caseId?: string;
    readonly townshipCode: string;
    readonly findingClass: string;
    readonly description: string;
    readonly responsibleOfficials: readonly string[];
    readonly amountFen: number;
  }
>;

export type LinkRecovery = Command<
  'LinkRecovery',
  {
    readonly findingId: string;
    readonly caseId: string;
    readonly recoveryId: string;
    readonly orderedFen: number;
    readonly repaidFen: number;
  }
>;

/** Links a credit record the API has just entered on the household, citing the finding. */
export type LinkCreditRecord = Command<
  'LinkCreditRecord',
  {
    readonly findingId: string;
    readonly householdId: string;
    readonly recordId: string;
    readonly behaviour: string;
    readonly severity: string | null;
    readonly gradeAfter: string;
  }
>;

export type OrderRectification = Command<
  'OrderRectification',
  { readonly rectificationId: string; readonly findingId: string; readonly requirement: string; readonly dueBy: string }
>;

export type CompleteRectification = Command<
  'CompleteRectification',
  { readonly rectificationId: string; readonly description: string; readonly evidence: readonly string[] }
>;

export type VerifyRectification = Command<
  'VerifyRectification',
  { readonly rectificationId: string; readonly accepted: boolean; readonly remarks: string }
>;

export type CloseOutRectification = Command<'CloseOutRectification', { readonly rectificationId: string }>;

export type InspectionCommand =
  | OpenCampaign
  | DrawSample
  | RecordVisit
  | RecordFinding
  | LinkRecovery
  | LinkCreditRecord
  | OrderRectification
  | CompleteRectification
  | VerifyRectification
  | CloseOutRectification;
