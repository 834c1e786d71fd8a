import { Module } from '@nestjs/common';
import { InspectionController } from './inspection.controller';
import { InspectionDrawService } from './inspection-draw.service';
import { InspectionReportController } from './inspection-report.controller';

/**
 * 专项治理 campaigns over HTTP. Needs CommandHttpModule, PlatformModule, LedgerModule,
 * IntegrityModule (INTEGRITY_STORE: the tree heads a draw rests on) and ProjectionsModule with
 * `inspectionCampaignsProjection` (the report), all global in the API.
 */
@Module({
  controllers: [InspectionController, InspectionReportController],
  providers: [InspectionDrawService],
})
export class InspectionsHttpModule {}
