import type {
  ActedBy,
  CampaignScope,
  FindingClass,
  InspectionEvent,
  InspectionSampleDrawn,
  VisitMode,
} from './inspection.events';

export type RectificationStatus = 'ordered' | 'completed' | 'verified' | 'closed';

export interface VisitRecord {
  readonly visitId: string;
  readonly mode: VisitMode;
  readonly visitedOn: string;
  readonly townshipCode: string;
  readonly caseId: string | null;
  readonly officials: readonly string[];
  readonly notes: string;
}

export interface RecoveryLink {
  readonly caseId: string;
  readonly recoveryId: string;
  readonly orderedFen: number;
  readonly repaidFen: number;
  readonly linkedOn: string;
}

export interface CreditRecordLink {
  readonly householdId: string;
  readonly recordId: string;
  readonly behaviour: string;
  readonly severity: string | null;
  readonly gradeAfter: string;
  readonly linkedOn: string;
}

export interface FindingRecord {
  readonly findingId: string;
  readonly visitId: string | null;
  readonly caseId: string | null;
  readonly townshipCode: string;
  readonly findingClass: FindingClass;
  readonly description: string;
  readonly responsibleOfficials: readonly string[];
  readonly amountFen: number;
  readonly recordedOn: string;
  readonly recoveries: readonly RecoveryLink[];
  /** 失信 records entered on households citing this finding. */
  readonly creditRecords: readonly CreditRecordLink[];
}

export interface RectificationRecord {
  readonly rectificationId: string;
  readonly findingId: string;
  readonly townshipCode: string;
  readonly findingClass: FindingClass;
  readonly requirement: string;
  readonly dueBy: string;
  readonly orderedOn: string;
  readonly status: RectificationStatus;
  readonly completedOn: string | null;
  readonly completedLate: boolean;
  readonly evidence: readonly string[];
  /** Verifications that sent the order back. */
  readonly rejections: number;
  readonly verifiedOn: string | null;
  readonly closedOn: string | null;
}

export interface InspectionState {
  readonly campaignId: string | null;
  readonly title: string;
  readonly unit: string;
  readonly scope: CampaignScope | null;
  readonly openedAt: string | null;
  readonly openedBy: ActedBy | null;
  readonly draw: InspectionSampleDrawn['data'] | null;
  readonly visits: readonly VisitRecord[];
  readonly findings: readonly FindingRecord[];
  readonly rectifications: readonly RectificationRecord[];
}

export function initialInspectionState(): InspectionState {
  return {
    campaignId: null,
    title: '',
    unit: '',
    scope: null,
    openedAt: null,
    openedBy: null,
    draw: null,
    visits: [],
    findings: [],
    rectifications: [],
  };
}

/** Still to be done by the township after `today` (a local date): ordered, or sent back, and past due. */
export function isOverdue(r: Pick<RectificationRecord, 'status' | 'dueBy'>, today: string): boolean {
  return r.status === 'ordered' && today > r.dueBy;
}

export function evolveInspection(state: InspectionState, event: InspectionEvent): InspectionState {
  switch (event.type) {
    case 'InspectionCampaignOpened': {
      const d = event.data;
      return { ...state, campaignId: d.campaignId, title: d.title, unit: d.unit, scope: d.scope, openedAt: d.openedAt, openedBy: d.openedBy };
    }
    case 'InspectionSampleDrawn':
      return { ...state, draw: event.data };
    case 'InspectionVisitRecorded': {
      const { campaignId: _c, recordedBy: _r, ...visit } = event.data;
      return { ...state, visits: [...state.visits, visit] };
    }
    case 'InspectionFindingRecorded': {
      const { campaignId: _c, recordedBy: _r, ...finding } = event.data;
      return { ...state, findings: [...state.findings, { ...finding, recoveries: [], creditRecords: [] }] };
    }
    case 'InspectionRecoveryLinked': {
      const d = event.data;
      const link: RecoveryLink = { caseId: d.caseId, recoveryId: d.recoveryId, orderedFen: d.orderedFen, repaidFen: d.repaidFen, linkedOn: d.linkedOn };
      return {
        ...state,
        findings: state.findings.map((f) => (f.findingId === d.findingId ? { ...f, recoveries: [...f.recoveries, link] } : f)),
      };
    }
    case 'InspectionCreditRecordLinked': {
      const { campaignId: _c, findingId, linkedBy: _l, ...link } = event.data;
      return {
        ...state,
        findings: state.findings.map((f) => (f.findingId === findingId ? { ...f, creditRecords: [...f.creditRecords, link] } : f)),
      };
    }
    case 'RectificationOrdered': {
      const d = event.data;
      const record: RectificationRecord = {
        rectificationId: d.rectificationId,
        findingId: d.findingId,
        townshipCode: d.townshipCode,
        findingClass: d.findingClass,
        requirement: d.requirement,
        dueBy: d.dueBy,
        orderedOn: d.orderedOn,
        status: 'ordered',
        completedOn: null,
        completedLate: false,
        evidence: [],
        rejections: 0,
        verifiedOn: null,
        closedOn: null,
      };
      return { ...state, rectifications: [...state.rectifications, record] };
    }
    case 'RectificationCompleted': {
      const d = event.data;
      return updateRectification(state, d.rectificationId, (r) => ({
        ...r,
        status: 'completed',
        completedOn: d.completedOn,
        completedLate: d.late,
        evidence: d.evidence,
      }));
    }
    case 'RectificationVerified': {
      const d = event.data;
      return updateRectification(state, d.rectificationId, (r) =>
        d.accepted
          ? { ...r, status: 'verified', verifiedOn: d.verifiedOn }
          : { ...r, status: 'ordered', rejections: r.rejections + 1, completedOn: null },
      );
    }
    case 'RectificationClosedOut': {
      const d = event.data;
      return updateRectification(state, d.rectificationId, (r) => ({ ...r, status: 'closed', closedOn: d.closedOn }));
    }
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

function updateRectification(
  state: InspectionState,
  rectificationId: string,
  change: (r: RectificationRecord) => RectificationRecord,
): InspectionState {
  return {
    ...state,
    rectifications: state.rectifications.map((r) => (r.rectificationId === rectificationId ? change(r) : r)),
  };
}
