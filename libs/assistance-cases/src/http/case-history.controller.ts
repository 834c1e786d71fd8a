import { CommandContext, type HttpCommandContext, Roles } from '@app/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ACCESS_LOG_READERS,
  type CaseHistoryView,
  CaseHistoryService,
  type CaseReadersView,
  HISTORY_READERS,
} from './case-history.service';
import { CaseParams } from './dto/case-params.dto';
import { CaseHistoryQuery, CaseReadersQuery } from './dto/history.dto';

@ApiTags('Cases')
@ApiBearerAuth('bearer')
@Controller('cases')
export class CaseHistoryController {
  constructor(private readonly history: CaseHistoryService) {}

  @Get(':caseId/history')
  @Roles(...HISTORY_READERS)
  @ApiOperation({
    summary: "a case's events up to a revision or an instant, with actors, delegations, standards, hash links and the state then",
    description:
      'Discipline inspectors and auditors must state a purpose. Every read is recorded in the access log ' +
      '(access-<yyyymmdd>) before the history is returned; a refused read is not recorded.',
  })
  read(
    @Param() { caseId }: CaseParams,
    @Query() query: CaseHistoryQuery,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CaseHistoryView> {
    return this.history.read(caseId, query, context);
  }

  @Get(':caseId/readers')
  @Roles(...ACCESS_LOG_READERS)
  @ApiOperation({
    summary: "who read a case's history on the China dates from..to (at most 92 days), when and why",
  })
  readers(
    @Param() { caseId }: CaseParams,
    @Query() { from, to }: CaseReadersQuery,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CaseReadersView> {
    return this.history.readers(caseId, from, to, context);
  }
}
