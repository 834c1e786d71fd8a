import type { DomainEvent } from '@app/ledger/envelope';
import type { Programme, TemporaryTrack } from './case.policy';
import type { AssetsDeclaration, IncomeByCategory, Relation } from './case.values';

/** 申请 and 受理: what the application said and how it was taken in. */

export type ApplicationSubmitted = DomainEvent<
  'ApplicationSubmitted',
  {
    readonly caseId: string;
    readonly programme: Programme;
    readonly track: TemporaryTrack | null;
    readonly townshipCode: string;
    readonly submittedOn: string;
    readonly household: {
      /** In the order of personal.members. */
      readonly members: readonly { readonly relation: Relation }[];
      readonly monthlyIncomeFen: IncomeByCategory;
      readonly assets: AssetsDeclaration;
    };
    readonly honestyPledge: true;
    readonly dataCheckAuthorised: true;
    readonly relatedToStaff:
      | { readonly declared: false }
      | {
          readonly declared: true;
          readonly staffRole: 'assistance-staff' | 'committee-member';
          readonly relation: string;
        };
    /**
     * The household's 诚信 grade at submission when it is not 守信 (absent otherwise): the stricter
     * verification it calls for is fixed here, with the credit policy version that set it.
     */
    readonly credit?: {
      readonly householdId: string;
      readonly grade: string;
      readonly policyVersion: string;
      readonly countyHomeVisitRequired: boolean;
    };
    /** Everything that identifies a person, in one place so that it can be encrypted per household. */
    readonly personal: {
      readonly members: readonly { readonly name: string; readonly idNumber: string }[];
      readonly bankAccount?: { readonly bankName: string; readonly accountNumber: string };
      readonly staffName?: string;
    };
  }
>;

/** 单独登记备案 (低保 Art. 11): the county must visit before the case can be approved. */
export type NearRelativeCaseRegistered = DomainEvent<
  'NearRelativeCaseRegistered',
  {
    readonly caseId: string;
    readonly townshipCode: string;
    readonly registeredOn: string;
    readonly selfDeclared: boolean;
    /** Matches found in officials' declarations; members by their index in the application. */
    readonly matches: readonly {
      readonly officialId: string;
      readonly relation: string;
      readonly memberIndex: number;
    }[];
    readonly countyHomeVisitRequired: true;
  }
>;

export type MissingDocumentsRequested = DomainEvent<
  'MissingDocumentsRequested',
  {
    readonly caseId: string;
    readonly requestedOn: string;
    readonly documents: readonly { readonly code: string; readonly description: string }[];
    /** 1 for the one-time notice; later requests only repeat documents it named. */
    readonly notice: number;
  }
>;

export type DocumentsSupplied = DomainEvent<
  'DocumentsSupplied',
  { readonly caseId: string; readonly suppliedOn: string; readonly documents: readonly string[] }
>;

export type ApplicationAccepted = DomainEvent<
  'ApplicationAccepted',
  {
    readonly caseId: string;
    readonly acceptedOn: string;
    readonly investigationStartDueBy: string;
    /** 特困 only: the township's investigation and 初审. */
    readonly opinionDueBy: string | null;
    readonly decisionDueBy: string;
    readonly totalWorkingDays: number;
  }
>;
