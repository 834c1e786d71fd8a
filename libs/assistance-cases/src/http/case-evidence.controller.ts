import { buildStreamEvidence } from '@app/integrity/evidence/stream-evidence';
import type { EvidenceBundle } from '@app/integrity/bundle/evidence-bundle';
import { INTEGRITY_STORE } from '@app/integrity/nest/integrity.tokens';
import { EVENT_STORE, type EventStore } from '@app/ledger';
import { CLOCK, type Clock, CommandContext, type HttpCommandContext, Roles } from '@app/platform';
import type { ReadStore } from '@app/projections';
import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { CaseHistoryService, HISTORY_READERS } from './case-history.service';
import { caseStreamIdOf } from './case-inputs';
import { CaseParams } from './dto/case-params.dto';

export class CaseEvidenceQuery {
  @ApiPropertyOptional({
    description: 'why the evidence is taken; required of discipline inspectors and auditors, and recorded in the access log',
    example: '2021年低保专项治理：核查审批过程',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  purpose?: string;
}

/** A case's evidence bundle: what an inspector takes away and checks offline with the public key. */
@ApiTags('Cases')
@ApiBearerAuth('bearer')
@Controller('cases')
export class CaseEvidenceController {
  constructor(
    private readonly history: CaseHistoryService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(INTEGRITY_STORE) private readonly integrity: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':caseId/evidence')
  @Roles(...HISTORY_READERS)
  @Header('Content-Disposition', 'attachment')
  @ApiOperation({
    summary: "the case's evidence bundle: every event with its inclusion proof against the latest signed tree head",
    description:
      'One JSON document (format assistance-ledger/evidence-bundle/v1) that `ledger bundle verify <file> --public-key <file>` ' +
      'checks offline. The read is recorded in the access log like a history read. 409 not-yet-signed when the case ' +
      "changed after the latest signed tree head: a head covering it is signed within LEDGER_TREE_HEAD_EVERY_SECONDS.",
  })
  async evidence(
    @Param() { caseId }: CaseParams,
    @Query() query: CaseEvidenceQuery,
    @CommandContext() context: HttpCommandContext,
  ): Promise<EvidenceBundle> {
    const { role } = await this.history.readWithin(caseId, query, context);
    const bundle = await buildStreamEvidence({
      store: this.store,
      integrity: this.integrity,
      streamId: caseStreamIdOf(caseId),
      generatedAt: this.clock.now(),
    });
    await this.history.recordRead(caseId, role, { purpose: query.purpose, asOf: `evidence@${bundle.treeHead.treeSize}` }, context);
    return bundle;
  }
}
