import { CreditHttpModule } from '@app/credit/http';
import { Module } from '@nestjs/common';
import { InspectionController } from './inspection.controller';
import { InspectionCreditController } from './inspection-credit.controller';
import { InspectionDrawService } from './inspection-draw.service';
import { InspectionListController } from './inspection-list.controller';
import { InspectionReportController } from './inspection-report.controller';
import { IntegrityFiguresController } from './integrity-figures.controller';

/**
 * 专项治理 campaigns over HTTP. Needs CommandHttpModule, PlatformModule, LedgerModule,
 * IntegrityModule (INTEGRITY_STORE: the tree heads a draw rests on) and ProjectionsModule with
 * `inspectionCampaignsProjection` (the report) and `warningsProjection` (integrity figures), all
 * global in the API. CreditHttpModule gives the credit decider a finding's credit record goes through.
 */
@Module({
  imports: [CreditHttpModule],
  controllers: [InspectionListController, InspectionController, InspectionReportController, InspectionCreditController, IntegrityFiguresController],
  providers: [InspectionDrawService],
})
export class InspectionsHttpModule {}
