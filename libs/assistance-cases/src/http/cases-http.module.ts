import { CreditHttpModule } from '@app/credit/http';
import { DelegationHttpModule } from '@app/delegation/http';
import { StandardsHttpModule } from '@app/standards/http';
import { Module } from '@nestjs/common';
import { CaseCommands } from './case-commands';
import { CaseDecisionController } from './case-decision.controller';
import { CaseEvidenceController } from './case-evidence.controller';
import { CaseHistoryController } from './case-history.controller';
import { CaseHistoryService } from './case-history.service';
import { CaseInputs } from './case-inputs';
import { CaseIntakeController } from './case-intake.controller';
import { CaseInvestigationController } from './case-investigation.controller';
import { CaseManagementController } from './case-management.controller';
import { CaseQueryController } from './case-query.controller';
import { CaseTerminationController } from './case-termination.controller';
import { CaseRecoveryController } from './case-recovery.controller';
import { CASE_DECIDER, CASE_POLICY, casesProviders, WORKING_CALENDAR } from './cases.providers';
import { CaseRegister } from './case-register';
import { DeathRecordsController } from './death-records.controller';
import { DeathRecordsService } from './death-records.service';
import { NearRelativeRegister } from './near-relative-register';
import { WorkQueueController } from './work-queue.controller';

/**
 * Assistance cases over HTTP. Decisions read the delegation and standards registers through their
 * modules' readers; the domain numbers come from the policy file's `cases` and `calendar` sections.
 */
@Module({
  imports: [StandardsHttpModule, DelegationHttpModule, CreditHttpModule],
  controllers: [
    CaseIntakeController,
    CaseInvestigationController,
    CaseDecisionController,
    CaseQueryController,
    CaseHistoryController,
    CaseEvidenceController,
    CaseManagementController,
    CaseTerminationController,
    CaseRecoveryController,
    DeathRecordsController,
    WorkQueueController,
  ],
  providers: [...casesProviders, CaseCommands, CaseInputs, NearRelativeRegister, CaseRegister, DeathRecordsService, CaseHistoryService],
  exports: [CASE_POLICY, CASE_DECIDER, WORKING_CALENDAR, CaseInputs, CaseCommands, CaseRegister],
})
export class CasesHttpModule {}
