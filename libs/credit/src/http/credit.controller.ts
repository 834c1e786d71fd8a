import { DomainError } from '@app/ledger/domain';
import {
  actingRole,
  CLOCK,
  type Clock,
  CommandContext,
  type CommandResponse,
  CommandExecutor,
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
import type { CreditState } from '../credit.decider';
import { householdStreamId } from '../credit.events';
import type { CreditPolicy } from '../credit.policy';
import { householdIdOf } from '../household-id';
import { AppealBody, AppealDecisionBody, EnterCreditRecordBody, HouseholdParams, RecordParams, RepairBody } from './credit.dto';
import { CREDIT_DECIDER, CREDIT_POLICY, type CreditDecider } from './credit.providers';
import { type CreditView, toCreditView } from './credit.view';

/** Township staff record good conduct and take in appeals; the county records 失信, decides, repairs. */
const RECORDING_ROLES: readonly Role[] = ['county-reviewer', 'admin', 'intake-clerk', 'township-approver'];
const COUNTY_ROLES: readonly Role[] = ['county-reviewer', 'admin'];

/** 救助诚信 of one household (stream `household-<householdId>`). */
@ApiTags('Credit')
@ApiBearerAuth('bearer')
@Controller('households/:householdId')
export class CreditController {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(CREDIT_DECIDER) private readonly decider: CreditDecider,
    @Inject(CREDIT_POLICY) private readonly policy: CreditPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  @Get('credit')
  @ApiOperation({
    summary: "the household's grade, ban, records (with appeals and repairs) and the history of evaluations",
    description: 'Within the reader’s unit (the township of the latest record). Its revision is the ETag for If-Match. 404 when no record exists.',
  })
  async read(@Param() { householdId }: HouseholdParams, @CurrentPrincipal() principal: Principal): Promise<StateResponse<CreditView>> {
    const response = await this.executor.readState({
      decider: this.decider,
      streamId: householdStreamId(householdId),
      view: (state: CreditState) => toCreditView(state, this.policy, this.now()),
    });
    const township = response.state.townshipCode;
    if (township !== null && !withinJurisdiction(principal.unit, township)) {
      throw DomainError.forbidden('outside-jurisdiction', `unit ${principal.unit} has no jurisdiction over township ${township}`, {
        unit: principal.unit,
        townshipCode: township,
      });
    }
    return response;
  }

  @Post('credit-records')
  @Roles(...RECORDING_ROLES)
  @ApiOperation({
    summary: 'enter a credit record (EnterCreditRecord) with its evidence; the household is re-evaluated',
    description:
      '失信 behaviours (forged-documents, concealed-changes, concealed-death, false-report, refused-check) by a county ' +
      'reviewer or admin, with evidence; good conduct (timely-self-report, cooperation, repayment) also by township staff. ' +
      'householdId must be householdIdOf(personal.idNumber). The server mints recordId.',
  })
  enter(
    @Param() { householdId }: HouseholdParams,
    @Body() body: EnterCreditRecordBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CreditView>> {
    if (householdIdOf(body.personal.idNumber) !== householdId) {
      throw DomainError.invalid('personal.idNumber', 'personal.idNumber does not key this household (householdId = UUIDv5 of it)');
    }
    return this.executor.run({
      ...this.on(context, householdId, RECORDING_ROLES),
      type: 'EnterCreditRecord',
      data: {
        householdId,
        recordId: newAggregateId(context, 'credit-record', this.ids),
        townshipCode: body.townshipCode,
        behaviour: body.behaviour,
        ...(body.severity === undefined ? {} : { severity: body.severity }),
        occurredOn: body.occurredOn,
        summary: body.summary,
        ...(body.legalBasis === undefined ? {} : { legalBasis: [...body.legalBasis] }),
        evidence: body.evidence.map((e) => ({ kind: e.kind, ref: e.ref, ...(e.note === undefined ? {} : { note: e.note }) })),
        personal: { idNumber: body.personal.idNumber.toUpperCase() },
      },
    });
  }

  @Post('credit-records/:recordId/appeal')
  @Roles(...RECORDING_ROLES)
  @ApiOperation({ summary: 'lodge the household’s objection (异议) to a record (LodgeCreditAppeal)' })
  appeal(
    @Param() { householdId, recordId }: RecordParams,
    @Body() { grounds }: AppealBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CreditView>> {
    return this.executor.run({
      ...this.on(context, householdId, RECORDING_ROLES),
      type: 'LodgeCreditAppeal',
      data: { householdId, recordId, appealId: newAggregateId(context, 'credit-appeal', this.ids), grounds },
    });
  }

  @Post('credit-records/:recordId/appeal-decision')
  @Roles(...COUNTY_ROLES)
  @ApiOperation({
    summary: 'decide the pending appeal (DecideCreditAppeal): upheld annuls the record (or lowers it), rejected keeps it',
    description: 'Not by the official who entered the record. The household is re-evaluated.',
  })
  decide(
    @Param() { householdId, recordId }: RecordParams,
    @Body() body: AppealDecisionBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CreditView>> {
    return this.executor.run({
      ...this.on(context, householdId, COUNTY_ROLES),
      type: 'DecideCreditAppeal',
      data: {
        householdId,
        recordId,
        outcome: body.outcome,
        reasons: body.reasons,
        ...(body.correctedSeverity === undefined ? {} : { correctedSeverity: body.correctedSeverity }),
      },
    });
  }

  @Post('credit-records/:recordId/repair')
  @Roles(...COUNTY_ROLES)
  @ApiOperation({
    summary: '信用修复 (RepairCreditRecord) once the repair period has run, or early once its conditions are on record',
  })
  repair(
    @Param() { householdId, recordId }: RecordParams,
    @Body() { basis }: RepairBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CreditView>> {
    return this.executor.run({
      ...this.on(context, householdId, COUNTY_ROLES),
      type: 'RepairCreditRecord',
      data: { householdId, recordId, basis },
    });
  }

  private on(context: HttpCommandContext, householdId: string, roles: readonly Role[]) {
    return {
      context,
      decider: this.decider,
      streamId: householdStreamId(householdId),
      role: actingRole(context.principal, roles),
      view: (state: CreditState) => toCreditView(state, this.policy, this.now()),
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
