import {
  actingRole,
  CLOCK,
  type Clock,
  CommandContext,
  type CommandResponse,
  CommandExecutor,
  type HttpCommandContext,
  ID_SOURCE,
  type IdSource,
  newAggregateId,
  type Role,
  Roles,
  type StateResponse,
} from '@app/platform';
import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DelegationState } from '../delegation.decider';
import { delegationStreamId, type Programme } from '../delegation.events';
import type { DelegationExplanation } from '../delegation.queries';
import { type DelegationRegisterView, toRegisterView } from './delegation-register.view';
import {
  DelegationInForceQuery,
  DelegationParams,
  GrantDelegationBody,
  ReasonBody,
  RegisterQuery,
  TownshipParams,
} from './delegation.dto';
import { DELEGATION_DECIDER, type DelegationDecider } from './delegation.providers';
import { DelegationReader } from './delegation.reader';

/** The county-level roles that act on a township's delegation; the decider also checks the unit. */
const DELEGATING_ROLES: readonly Role[] = ['county-reviewer', 'admin'];

export type DelegationInForceView = {
  readonly townshipCode: string;
  readonly programme: Programme;
  readonly at: string;
  readonly amountFen?: number;
  /** The register's revision the answer rests on; null when the township never held a delegation. */
  readonly registerRevision: number | null;
} & DelegationExplanation;

/**
 * Delegation of the approval power from a county to a township (stream `delegation-<township>`).
 * Reads are open to every signed-in role: a township approver checks the power they decide under.
 */
@ApiTags('Delegation')
@ApiBearerAuth('bearer')
@Controller('delegations')
export class DelegationController {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly reader: DelegationReader,
    @Inject(DELEGATION_DECIDER) private readonly decider: DelegationDecider,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  @Post(':townshipCode')
  @Roles(...DELEGATING_ROLES)
  @ApiOperation({
    summary: 'grant the township the approval power for programmes (GrantDelegation)',
    description: 'A county reviewer or admin whose unit covers the township. The server mints delegationId.',
  })
  grant(
    @Param() { townshipCode }: TownshipParams,
    @Body() body: GrantDelegationBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<DelegationRegisterView>> {
    return this.executor.run({
      ...this.onRegister(context, townshipCode),
      type: 'GrantDelegation',
      data: {
        townshipCode,
        delegationId: newAggregateId(context, 'delegation', this.ids),
        programmes: body.programmes.map((terms) => ({
          programme: terms.programme,
          ...(terms.maxAmountFen === undefined ? {} : { maxAmountFen: terms.maxAmountFen }),
          ...(terms.spotCheckRatio === undefined ? {} : { spotCheckRatio: terms.spotCheckRatio }),
        })),
        validFrom: body.validFrom,
        validTo: body.validTo,
        document: body.document,
      },
    });
  }

  @Post(':townshipCode/:delegationId/suspension')
  @Roles(...DELEGATING_ROLES)
  @ApiOperation({ summary: 'suspend a delegation until resumed (SuspendDelegation)' })
  suspend(
    @Param() { townshipCode, delegationId }: DelegationParams,
    @Body() { reason }: ReasonBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<DelegationRegisterView>> {
    return this.executor.run({
      ...this.onRegister(context, townshipCode),
      type: 'SuspendDelegation',
      data: { townshipCode, delegationId, reason },
    });
  }

  @Post(':townshipCode/:delegationId/resumption')
  @Roles(...DELEGATING_ROLES)
  @ApiOperation({ summary: 'end a suspension (ResumeDelegation)' })
  resume(
    @Param() { townshipCode, delegationId }: DelegationParams,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<DelegationRegisterView>> {
    return this.executor.run({
      ...this.onRegister(context, townshipCode),
      type: 'ResumeDelegation',
      data: { townshipCode, delegationId },
    });
  }

  @Post(':townshipCode/:delegationId/revocation')
  @Roles(...DELEGATING_ROLES)
  @ApiOperation({ summary: 'revoke a delegation from now on, finally (RevokeDelegation)' })
  revoke(
    @Param() { townshipCode, delegationId }: DelegationParams,
    @Body() { reason }: ReasonBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<DelegationRegisterView>> {
    return this.executor.run({
      ...this.onRegister(context, townshipCode),
      type: 'RevokeDelegation',
      data: { townshipCode, delegationId, reason },
    });
  }

  @Get(':townshipCode')
  @ApiOperation({
    summary: "the township's register: every grant, its history and its status at `at` (now by default)",
    description: 'Its revision is the ETag a suspension, resumption or revocation sends as If-Match. 404 when none.',
  })
  register(
    @Param() { townshipCode }: TownshipParams,
    @Query() { at }: RegisterQuery,
  ): Promise<StateResponse<DelegationRegisterView>> {
    const asOf = at ?? this.now();
    return this.executor.readState({
      decider: this.decider,
      streamId: delegationStreamId(townshipCode),
      view: (state) => toRegisterView(state, asOf),
    });
  }

  @Get(':townshipCode/in-force')
  @ApiOperation({
    summary: 'whether the township may decide under delegated power at an instant, and if not why',
    description:
      '200 with { inForce: true, delegation } or { inForce: false, reason, delegationId?, maxAmountFen? }; reason is ' +
      'none, expired, not-yet-valid, suspended, revoked, programme-not-delegated or over-cap.',
  })
  async inForce(
    @Param() { townshipCode }: TownshipParams,
    @Query() { programme, at, amountFen }: DelegationInForceQuery,
  ): Promise<DelegationInForceView> {
    const asOf = at ?? this.now();
    const { explanation, revision } = await this.reader.explain(townshipCode, asOf, programme, amountFen);
    return {
      townshipCode,
      programme,
      at: asOf,
      ...(amountFen === undefined ? {} : { amountFen }),
      registerRevision: revision,
      ...explanation,
    };
  }

  /** What every command on a township's register shares: its stream, the acting role, the view. */
  private onRegister(context: HttpCommandContext, townshipCode: string) {
    return {
      context,
      decider: this.decider,
      streamId: delegationStreamId(townshipCode),
      role: actingRole(context.principal, DELEGATING_ROLES),
      view: (state: DelegationState) => toRegisterView(state, this.now()),
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
