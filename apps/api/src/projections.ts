import { workQueueProjection } from '@app/assistance-cases/read-models/work-queue.projection';
import { householdCreditProjection } from '@app/credit/read-models/household-credit.projection';
import { delegationRegisterProjection } from '@app/delegation/read-models/delegation-register.projection';
import { paymentLedgerProjection } from '@app/payments/read-models/payment-ledger.projection';
import { inspectionCampaignsProjection } from '@app/inspections/read-models/inspection-campaigns.projection';
import type { Projection } from '@app/projections';
import { warningsProjection } from '@app/warnings/read-models/warnings.projection';

/**
 * Every async read model, in one list: the API (and the worker) apply them, and `ledger rebuild`
 * rebuilds them, so the two never disagree about which projections exist.
 */
export const ALL_PROJECTIONS: readonly Projection[] = [workQueueProjection, paymentLedgerProjection, delegationRegisterProjection, warningsProjection, householdCreditProjection, inspectionCampaignsProjection];
