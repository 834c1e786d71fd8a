import { DomainError } from '@app/ledger/domain';
import { EVENT_STORE, type EventStore } from '@app/ledger/event-store.port';
import {
  actingRole,
  CommandContext,
  type CommandResponse,
  CommandExecutor,
  type CommandRun,
  CurrentPrincipal,
  type HttpCommandContext,
  ID_SOURCE,
  type IdSource,
  newAggregateId,
  type Principal,
  type Role,
  Roles,
  type StateResponse,
} from '@app/platform';
import { withinJurisdiction } from '@app/platform/jurisdiction';
import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { InspectionCommand } from '../inspection.commands';
import { INSPECTING_ROLES, inspectionDecider, RECTIFYING_ROLES } from '../inspection.decider';
import { type InspectionEvent, inspectionStreamId } from '../inspection.events';
import type { InspectionState } from '../inspection.state';
import {
  CampaignParams,
  CompletionBody,
  FindingBody,
  FindingParams,
  OpenCampaignBody,
  RecoveryLinkBody,
  RectificationOrderBody,
  RectificationParams,
  VerificationBody,
  VisitBody,
} from './inspection.dto';
import { InspectionDrawService } from './inspection-draw.service';

type Answer = Promise<CommandResponse<InspectionState>>;

/** 专项治理 campaigns (stream `inspection-<id>`): see README.md beside this file. */
@ApiTags('Inspections')
@ApiBearerAuth('bearer')
@Controller('inspections')
export class InspectionController {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly draws: InspectionDrawService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  @Post()
  @Roles(...INSPECTING_ROLES)
  @ApiOperation({ summary: 'open a campaign with its scope (OpenCampaign); the server mints the id', description: 'A discipline inspector or county/city-level official over every township of the scope.' })
  open(@Body() body: OpenCampaignBody, @CommandContext() context: HttpCommandContext): Answer {
    const campaignId = newAggregateId(context, 'inspection', this.ids);
    return this.run(context, campaignId, INSPECTING_ROLES, 'OpenCampaign', {
      campaignId,
      title: body.title,
      townships: body.townships,
      programmes: body.programmes,
      period: { from: body.period.from, to: body.period.to },
      ...(body.sampleSize === undefined ? {} : { sampleSize: body.sampleSize }),
      ...(body.sampleRatio === undefined ? {} : { sampleRatio: body.sampleRatio }),
    });
  }

  @Post(':id/draw')
  @Roles(...INSPECTING_ROLES)
  @ApiOperation({
    summary: 'draw the sample from the first signed tree head after the opening (DrawSample)',
    description: '409 no-tree-head-yet until the notary has signed a head after the campaign opened. Recompute with `ledger sample verify <id>`.',
  })
  async draw(@Param() { id }: CampaignParams, @CommandContext() context: HttpCommandContext): Answer {
    return this.run(context, id, INSPECTING_ROLES, 'DrawSample', await this.draws.drawData(id));
  }

  @Post(':id/visits')
  @Roles(...INSPECTING_ROLES)
  @ApiOperation({ summary: 'record an open (明查) or covert (暗访) visit' })
  visit(@Param() { id }: CampaignParams, @Body() body: VisitBody, @CommandContext() context: HttpCommandContext): Answer {
    return this.run(context, id, INSPECTING_ROLES, 'RecordVisit', {
      visitId: newAggregateId(context, 'visit', this.ids),
      mode: body.mode as 'open' | 'covert',
      visitedOn: body.visitedOn,
      townshipCode: body.townshipCode,
      ...(body.caseId === undefined ? {} : { caseId: body.caseId }),
      officials: body.officials,
      notes: body.notes,
    });
  }

  @Post(':id/findings')
  @Roles(...INSPECTING_ROLES)
  @ApiOperation({ summary: 'record a classified finding with responsible officials and the amount in fen' })
  finding(@Param() { id }: CampaignParams, @Body() body: FindingBody, @CommandContext() context: HttpCommandContext): Answer {
    return this.run(context, id, INSPECTING_ROLES, 'RecordFinding', {
      findingId: newAggregateId(context, 'finding', this.ids),
      ...(body.visitId === undefined ? {} : { visitId: body.visitId }),
      ...(body.caseId === undefined ? {} : { caseId: body.caseId }),
      townshipCode: body.townshipCode,
      findingClass: body.findingClass,
      description: body.description,
      responsibleOfficials: body.responsibleOfficials,
      amountFen: body.amountFen,
    });
  }

  @Post(':id/findings/:findingId/recovery')
  @Roles(...INSPECTING_ROLES)
  @ApiOperation({
    summary: "link a recovery ordered on the finding's case (追回) to the finding",
    description: 'The recovery itself is ordered on the case (POST /cases/:caseId/recoveries); this records the link with its amounts as the case stream holds them.',
  })
  async recovery(@Param() { id, findingId }: FindingParams, @Body() body: RecoveryLinkBody, @CommandContext() context: HttpCommandContext): Answer {
    const { state } = await this.executor.readState({ decider: inspectionDecider, streamId: inspectionStreamId(id) });
    const caseId = state.findings.find((f) => f.findingId === findingId)?.caseId;
    if (!caseId) throw DomainError.notFound('finding-not-found', `campaign ${id} has no finding ${findingId} about a case`);
    let orderedFen: number | undefined;
    let repaidFen = 0;
    for (const e of await this.store.readStream(`case-${caseId}`).catch(() => [])) {
      const d = e.data as { recoveryId?: string; amountFen?: number };
      if (d.recoveryId !== body.recoveryId) continue;
      if (e.type === 'RecoveryOrdered') orderedFen = d.amountFen ?? 0;
      if (e.type === 'RepaymentRecorded') repaidFen += d.amountFen ?? 0;
    }
    if (orderedFen === undefined) throw DomainError.invalid('recoveryId', `case ${caseId} has no recovery ${body.recoveryId}`);
    return this.run(context, id, INSPECTING_ROLES, 'LinkRecovery', { findingId, caseId, recoveryId: body.recoveryId, orderedFen, repaidFen });
  }

  @Post(':id/findings/:findingId/rectification-order')
  @Roles(...INSPECTING_ROLES)
  @ApiOperation({ summary: 'order the township to rectify a finding by a date (整改通知)' })
  order(@Param() { id, findingId }: FindingParams, @Body() body: RectificationOrderBody, @CommandContext() context: HttpCommandContext): Answer {
    return this.run(context, id, INSPECTING_ROLES, 'OrderRectification', {
      rectificationId: newAggregateId(context, 'rectification', this.ids),
      findingId,
      requirement: body.requirement,
      dueBy: body.dueBy,
    });
  }

  @Post(':id/rectifications/:rectificationId/completion')
  @Roles(...RECTIFYING_ROLES)
  @ApiOperation({ summary: "report a rectification done, with evidence (the township's staff or inspectors)" })
  complete(@Param() { id, rectificationId }: RectificationParams, @Body() body: CompletionBody, @CommandContext() context: HttpCommandContext): Answer {
    return this.run(context, id, RECTIFYING_ROLES, 'CompleteRectification', { rectificationId, description: body.description, evidence: body.evidence });
  }

  @Post(':id/rectifications/:rectificationId/verification')
  @Roles(...INSPECTING_ROLES)
  @ApiOperation({ summary: 'verify a completed rectification: accepted, or sent back to the same deadline' })
  verify(@Param() { id, rectificationId }: RectificationParams, @Body() body: VerificationBody, @CommandContext() context: HttpCommandContext): Answer {
    return this.run(context, id, INSPECTING_ROLES, 'VerifyRectification', { rectificationId, accepted: body.accepted, remarks: body.remarks });
  }

  @Post(':id/rectifications/:rectificationId/close-out')
  @Roles(...INSPECTING_ROLES)
  @ApiOperation({ summary: 'close out (销号) a verified rectification' })
  closeOut(@Param() { id, rectificationId }: RectificationParams, @CommandContext() context: HttpCommandContext): Answer {
    return this.run(context, id, INSPECTING_ROLES, 'CloseOutRectification', { rectificationId });
  }

  @Get(':id')
  @ApiOperation({ summary: 'the campaign as its stream holds it; its revision is the ETag commands send as If-Match' })
  async get(@Param() { id }: CampaignParams, @CurrentPrincipal() principal: Principal): Promise<StateResponse<InspectionState>> {
    const answer = await this.executor.readState({ decider: inspectionDecider, streamId: inspectionStreamId(id) });
    assertReader(principal, answer.state);
    return answer;
  }

  private run<T extends InspectionCommand['type']>(
    context: HttpCommandContext,
    campaignId: string,
    roles: readonly Role[],
    type: T,
    data: Extract<InspectionCommand, { readonly type: T }>['data'],
  ): Answer {
    const run = { context, decider: inspectionDecider, streamId: inspectionStreamId(campaignId), role: actingRole(context.principal, roles), type, data };
    // TypeScript cannot relate the generic data of one command type to the union's; the shape is the command's.
    return this.executor.run(run as unknown as CommandRun<InspectionCommand, InspectionEvent, InspectionState, T, InspectionState>);
  }
}

/** The campaign's unit and those above it, and the townships of its scope, may read it. */
export function assertReader(principal: Principal, state: InspectionState): void {
  const unit = principal.unit;
  if (withinJurisdiction(unit, state.unit) || state.scope?.townships.includes(unit)) return;
  throw DomainError.forbidden('outside-jurisdiction', `unit ${unit} has no jurisdiction over campaign ${state.campaignId}`, { unit });
}
