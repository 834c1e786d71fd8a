import type { DomainEvent } from '@app/ledger/envelope';

/**
 * 专项治理 / 明查暗访 (DOMAIN §8): one special inspection campaign per stream `inspection-<id>`,
 * from its opening with a scope, through a sample drawn from a signed tree head nobody could have
 * chosen, visits and classified findings, to rectification orders and their close-out (销号).
 */

export const INSPECTION_STREAM_PREFIX = 'inspection-';

export function inspectionStreamId(campaignId: string): string {
  return `${INSPECTION_STREAM_PREFIX}${campaignId}`;
}

/** The programmes a campaign may cover, as the case context names them. */
export const INSPECTION_PROGRAMMES = ['dibao', 'tekun', 'temporary'] as const;
export type InspectionProgramme = (typeof INSPECTION_PROGRAMMES)[number];

/** DOMAIN §8 finding classes, with their zh-CN names (the report's column headers). */
export const FINDING_CLASSES = {
  'wrongful-inclusion': '错保',
  'wrongful-exclusion': '漏保',
  'favour-based': '人情保',
  'connection-based': '关系保',
  'averaged': '平均保',
  'rotating': '轮流保',
  'household-split-merge': '拆户保/拼户保',
  'deceptive-claim': '瞒骗保',
  'impersonation': '冒领',
  'false-report': '虚报',
  'embezzlement': '贪污侵占',
  'withholding': '截留私分',
  'extortion': '吃拿卡要',
  'relative-favouritism': '优亲厚友',
  'publicity-irregular': '公示不规范',
  'category-inaccurate': '类别核定不准',
  'other': '其他',
} as const;
export type FindingClass = keyof typeof FINDING_CLASSES;
export const FINDING_CLASS_IDS = Object.freeze(Object.keys(FINDING_CLASSES) as FindingClass[]);

/** 明查 (announced) or 暗访 (unannounced). */
export const VISIT_MODES = ['open', 'covert'] as const;
export type VisitMode = (typeof VISIT_MODES)[number];

export interface ActedBy {
  readonly officialId: string;
  readonly role: string;
  readonly unit: string;
}

export interface CampaignScope {
  /** 9-digit township codes, sorted, distinct. */
  readonly townships: readonly string[];
  readonly programmes: readonly InspectionProgramme[];
  /** The campaign's period, local dates, both inclusive. */
  readonly period: { readonly from: string; readonly to: string };
  /** Exactly one of sampleSize and sampleRatio is set. */
  readonly sampleSize: number | null;
  /** 0 < ratio ≤ 1; the sample is ceil(ratio × population). */
  readonly sampleRatio: number | null;
}

/** A signed tree head exactly as the notary published it. */
export interface DrawTreeHead {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: string;
  readonly algorithm: string;
  readonly keyId: string;
  readonly signature: string;
}

export interface SampledCase {
  readonly caseId: string;
  readonly townshipCode: string;
  readonly programme: string;
  /** HMAC-SHA-256(seed, caseId), hex: what the sample was ranked by. */
  readonly rank: string;
}

export type InspectionCampaignOpened = DomainEvent<
  'InspectionCampaignOpened',
  {
    readonly campaignId: string;
    readonly title: string;
    /** The unit that runs the campaign (the opener's): every later act needs jurisdiction over it. */
    readonly unit: string;
    readonly scope: CampaignScope;
    readonly openedAt: string;
    readonly openedBy: ActedBy;
  }
>;

export type InspectionSampleDrawn = DomainEvent<
  'InspectionSampleDrawn',
  {
    readonly campaignId: string;
    /** Names the population definition, the seed and the ranking; see inspection-sampling.ts. */
    readonly algorithm: string;
    readonly treeHead: DrawTreeHead;
    /** SHA-256(`${campaignId}|${rootHash}|${treeSize}`), hex. */
    readonly seed: string;
    readonly population: {
      readonly definition: string;
      readonly count: number;
      /** SHA-256 of the sorted case ids joined by '\n', hex. */
      readonly hash: string;
    };
    /** In rank order. */
    readonly sample: readonly SampledCase[];
    readonly drawnAt: string;
    readonly drawnBy: ActedBy;
  }
>;

export type InspectionVisitRecorded = DomainEvent<
  'InspectionVisitRecorded',
  {
    readonly campaignId: string;
    readonly visitId: string;
    readonly mode: VisitMode;
    readonly visitedOn: string;
    readonly townshipCode: string;
    /** The sampled case visited, or null for a visit to a township office or village. */
    readonly caseId: string | null;
    readonly officials: readonly string[];
    readonly notes: string;
    readonly recordedBy: ActedBy;
  }
>;

export type InspectionFindingRecorded = DomainEvent<
  'InspectionFindingRecorded',
  {
    readonly campaignId: string;
    readonly findingId: string;
    readonly visitId: string | null;
    readonly caseId: string | null;
    readonly townshipCode: string;
    readonly findingClass: FindingClass;
    readonly description: string;
    readonly responsibleOfficials: readonly string[];
    /** Money wrongly paid or withheld, in fen; 0 when none. */
    readonly amountFen: number;
    readonly recordedOn: string;
    readonly recordedBy: ActedBy;
  }
>;

/** A recovery ordered on the finding's case (by the case's own endpoint), linked to the finding. */
export type InspectionRecoveryLinked = DomainEvent<
  'InspectionRecoveryLinked',
  {
    readonly campaignId: string;
    readonly findingId: string;
    readonly caseId: string;
    readonly recoveryId: string;
    /** The recovery order's amount when it was linked, as the case stream holds it. */
    readonly orderedFen: number;
    readonly repaidFen: number;
    readonly linkedOn: string;
    readonly linkedBy: ActedBy;
  }
>;

/**
 * A 失信 record entered on a household (stream `household-<householdId>`) citing the finding as its
 * evidence, linked here so the campaign shows which findings reached a household's credit.
 */
export type InspectionCreditRecordLinked = DomainEvent<
  'InspectionCreditRecordLinked',
  {
    readonly campaignId: string;
    readonly findingId: string;
    /** UUIDv5 of the resident ID number (the credit context's key); never the number itself. */
    readonly householdId: string;
    readonly recordId: string;
    /** The credit context's behaviour and severity as the record has them. */
    readonly behaviour: string;
    readonly severity: string | null;
    /** The household's grade after the record was evaluated. */
    readonly gradeAfter: string;
    readonly linkedOn: string;
    readonly linkedBy: ActedBy;
  }
>;

export type RectificationOrdered = DomainEvent<
  'RectificationOrdered',
  {
    readonly campaignId: string;
    readonly rectificationId: string;
    readonly findingId: string;
    readonly townshipCode: string;
    readonly findingClass: FindingClass;
    readonly requirement: string;
    /** Local date by which the township must complete it; overdue from the next day. */
    readonly dueBy: string;
    readonly orderedOn: string;
    readonly orderedBy: ActedBy;
  }
>;

export type RectificationCompleted = DomainEvent<
  'RectificationCompleted',
  {
    readonly campaignId: string;
    readonly rectificationId: string;
    readonly completedOn: string;
    readonly description: string;
    /** References to the evidence (documents, event ids, photos kept elsewhere). */
    readonly evidence: readonly string[];
    readonly late: boolean;
    readonly completedBy: ActedBy;
  }
>;

export type RectificationVerified = DomainEvent<
  'RectificationVerified',
  {
    readonly campaignId: string;
    readonly rectificationId: string;
    readonly verifiedOn: string;
    /** Accepted: ready for close-out; rejected: the order runs again, to the same deadline. */
    readonly accepted: boolean;
    readonly remarks: string;
    readonly verifiedBy: ActedBy;
  }
>;

/** 销号: the rectification is closed, for good. */
export type RectificationClosedOut = DomainEvent<
  'RectificationClosedOut',
  {
    readonly campaignId: string;
    readonly rectificationId: string;
    readonly closedOn: string;
    readonly closedBy: ActedBy;
  }
>;

export type InspectionEvent =
  | InspectionCampaignOpened
  | InspectionSampleDrawn
  | InspectionVisitRecorded
  | InspectionFindingRecorded
  | InspectionRecoveryLinked
  | InspectionCreditRecordLinked
  | RectificationOrdered
  | RectificationCompleted
  | RectificationVerified
  | RectificationClosedOut;

export type InspectionEventType = InspectionEvent['type'];

export const INSPECTION_EVENT_TYPES: readonly InspectionEventType[] = Object.freeze([
  'InspectionCampaignOpened',
  'InspectionSampleDrawn',
  'InspectionVisitRecorded',
  'InspectionFindingRecorded',
  'InspectionRecoveryLinked',
  'InspectionCreditRecordLinked',
  'RectificationOrdered',
  'RectificationCompleted',
  'RectificationVerified',
  'RectificationClosedOut',
]);
