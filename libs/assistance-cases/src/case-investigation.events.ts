import type { DomainEvent } from '@app/ledger/envelope';
import type { IncomeAssessment, IncomeByCategory, Proposal } from './case.values';

/** 调查, 初审 and 公示: what was checked and found, the opinion, its publicity and what it met. */

export type MeansCheckReported = DomainEvent<
  'MeansCheckReported',
  {
    readonly caseId: string;
    readonly reportRef: string;
    readonly requestedOn: string;
    readonly reportedOn: string;
    readonly sourcesChecked: readonly string[];
    readonly findings: {
      readonly monthlyIncomeFen: IncomeByCategory;
      readonly financialAssetsFen: number;
      readonly vehicles: number;
      readonly realEstateUnits: number;
      readonly businessRegistrations: number;
      readonly publicPayrollJob: boolean;
      readonly incomeOverLimit: boolean;
    };
  }
>;

export type HomeVisitRecorded = DomainEvent<
  'HomeVisitRecorded',
  {
    readonly caseId: string;
    readonly visitId: string;
    readonly visitedOn: string;
    readonly investigatorIds: readonly string[];
    readonly byCounty: boolean;
    readonly mode: 'in-person' | 'remote';
    readonly findings: string;
    /** The investigation round: 1, then one more after each objection. */
    readonly round: number;
  }
>;

export type PreliminaryOpinionGiven = DomainEvent<
  'PreliminaryOpinionGiven',
  {
    readonly caseId: string;
    readonly round: number;
    readonly givenOn: string;
    readonly opinion: 'eligible' | 'ineligible';
    readonly reasons: readonly string[];
    readonly assessment: IncomeAssessment;
    readonly proposal: Proposal | null;
  }
>;

/** `until` is the last day of publicity, inclusive; a decision may come the day after. */
export type PublicityStarted = DomainEvent<
  'PublicityStarted',
  {
    readonly caseId: string;
    readonly round: number;
    readonly from: string;
    readonly until: string;
    readonly place: string;
  }
>;

export type ObjectionRecorded = DomainEvent<
  'ObjectionRecorded',
  {
    readonly caseId: string;
    readonly round: number;
    readonly receivedOn: string;
    readonly summary: string;
    /** The case goes back to investigation: new home visit, opinion and publicity. */
    readonly returnedTo: 'investigation';
    /** 特困 only: the re-investigation's deadline (Art. 15). */
    readonly opinionDueBy: string | null;
    readonly personal?: { readonly objectorName?: string };
  }
>;

export type ComplaintRecorded = DomainEvent<
  'ComplaintRecorded',
  {
    readonly caseId: string;
    readonly receivedOn: string;
    readonly summary: string;
    readonly countyHomeVisitRequired: true;
  }
>;
