import { type Behaviour, householdStreamId, type Severity } from '@app/credit/credit.events';
import { householdIdOf } from '@app/credit/household-id';
import { CREDIT_DECIDER, CREDIT_POLICY, type CreditDecider } from '@app/credit/http/credit.providers';
import { type CreditView, toCreditView } from '@app/credit/http/credit.view';
import type { CreditPolicy } from '@app/credit/credit.policy';
import type { CreditState } from '@app/credit/credit.decider';
import { DomainError } from '@app/ledger/domain';
import { WrongExpectedRevisionError } from '@app/ledger/errors';
import {
  actingRole,
  CLOCK,
  type Clock,
  CommandContext,
  type CommandResponse,
  CommandExecutor,
  type CommandRun,
  type HttpCommandContext,
  type Role,
  Roles,
  uuidV5,
} from '@app/platform';
import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { InspectionCommand, LinkCreditRecord } from '../inspection.commands';
import { INSPECTING_ROLES, inspectionDecider } from '../inspection.decider';
import { creditRecordFromFinding } from '../finding-credit-record';
import { type InspectionEvent, inspectionStreamId } from '../inspection.events';
import type { InspectionState } from '../inspection.state';
import { FindingCreditRecordBody, FindingParams } from './inspection.dto';

/** The credit context lets only the county record 失信 (and inspectors act on the campaign): both hold. */
export const FINDING_CREDIT_ROLES: readonly Role[] = ['county-reviewer', 'admin'];

/** Namespace of the ids derived for a finding's credit record (a fixed, random UUID). */
const FINDING_CREDIT_NAMESPACE = '2c6b4f0e-8d1a-4e57-b3a9-5f0d7c2e9a41';

export interface FindingCreditResponse extends CommandResponse<InspectionState> {
  /** The household side: the record entered (or, on a retry, found) and the grade after it. */
  readonly creditRecord: {
    readonly householdId: string;
    readonly recordId: string;
    readonly streamId: string;
    readonly revision: number | null;
    readonly checkpoint: string | null;
    readonly replayed: boolean;
    readonly credit: CreditView;
  };
}

/**
 * A confirmed finding creates a 失信 record on a household: EnterCreditRecord on `household-<id>`
 * through the credit decider, citing the finding (`inspection-finding` + id) as evidence, then
 * InspectionCreditRecordLinked on the campaign. Two streams, two appends: both carry command ids
 * derived from (campaign, finding, household), so a request that failed between them, sent again
 * by anyone, finds the record already entered and only adds the link.
 */
@ApiTags('Inspections')
@ApiBearerAuth('bearer')
@Controller('inspections')
export class InspectionCreditController {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(CREDIT_DECIDER) private readonly creditDecider: CreditDecider,
    @Inject(CREDIT_POLICY) private readonly policy: CreditPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':id/findings/:findingId/credit-record')
  @Roles(...FINDING_CREDIT_ROLES)
  @ApiOperation({
    summary: "enter a 失信 credit record on the household the finding concerns, citing the finding, and link it to the campaign",
    description:
      'A county-reviewer or admin over the campaign and the finding’s township. The household is householdIdOf(idNumber); ' +
      'the record’s township is the finding’s; its legal basis the policy’s for the behaviour plus `legalBasis`. If-Match ' +
      'is the campaign’s revision. 409 credit-record-already-linked when the finding already has a record on that household.',
  })
  async enter(
    @Param() { id, findingId }: FindingParams,
    @Body() body: FindingCreditRecordBody,
    @CommandContext() context: HttpCommandContext,
  ): Promise<FindingCreditResponse> {
    const streamId = inspectionStreamId(id);
    const { state, revision } = await this.executor.readState({ decider: inspectionDecider, streamId });
    // The campaign's If-Match is checked before the household is touched, not only at the link.
    if (context.expectedRevision !== undefined && context.expectedRevision !== BigInt(revision)) {
      throw new WrongExpectedRevisionError(streamId, context.expectedRevision, BigInt(revision));
    }
    const finding = state.findings.find((f) => f.findingId === findingId);
    if (!finding) throw DomainError.notFound('finding-not-found', `campaign ${id} has no finding ${findingId}`);
    const idNumber = body.idNumber.toUpperCase();
    const householdId = householdIdOf(idNumber);
    const derived = (what: string) => uuidV5(FINDING_CREDIT_NAMESPACE, JSON.stringify([what, id, findingId, householdId]));
    const recordId = derived('record');
    const link = (behaviour: string, severity: string | null, gradeAfter: string): LinkCreditRecord['data'] => ({
      findingId,
      householdId,
      recordId,
      behaviour,
      severity,
      gradeAfter,
    });
    const principal = context.principal;
    const linkRole = actingRole(principal, INSPECTING_ROLES);
    // Decide the link on the state read, as a dry run: a campaign the caller may not act in, or a
    // finding already linked to the household, is refused before anything is appended.
    inspectionDecider.decide(
      {
        type: 'LinkCreditRecord',
        data: link(body.behaviour, body.severity ?? null, 'good'),
        metadata: { now: this.clock.now().toISOString(), actor: { id: principal.sub, role: linkRole, unit: principal.unit } },
      },
      state,
    );

    const now = () => this.clock.now().toISOString();
    const entered = await this.executor.run({
      context: { ...context, expectedRevision: undefined },
      decider: this.creditDecider,
      streamId: householdStreamId(householdId),
      role: actingRole(principal, FINDING_CREDIT_ROLES),
      type: 'EnterCreditRecord',
      commandId: derived('enter-credit-record'),
      view: (s: CreditState) => toCreditView(s, this.policy, now()),
      data: creditRecordFromFinding(state, finding, {
        householdId,
        recordId,
        idNumber,
        behaviour: body.behaviour as Behaviour,
        ...(body.severity === undefined ? {} : { severity: body.severity as Severity }),
        ...(body.occurredOn === undefined ? {} : { occurredOn: body.occurredOn }),
        ...(body.summary === undefined ? {} : { summary: body.summary }),
        ...(body.legalBasis === undefined ? {} : { legalBasis: body.legalBasis }),
      }),
    });
    const record = entered.state.records.find((r) => r.recordId === recordId);
    if (!record) throw new Error(`credit record ${recordId} is missing from household ${householdId} after it was entered`);

    const run = {
      context,
      decider: inspectionDecider,
      streamId,
      role: linkRole,
      type: 'LinkCreditRecord',
      commandId: derived('link-credit-record'),
      data: link(record.behaviour, record.effect?.severity ?? null, entered.state.grade),
    };
    // As in InspectionController.run: the generic command data does not relate to the union's.
    const linked = await this.executor.run(
      run as unknown as CommandRun<InspectionCommand, InspectionEvent, InspectionState, 'LinkCreditRecord', InspectionState>,
    );
    return {
      ...linked,
      creditRecord: {
        householdId,
        recordId,
        streamId: entered.streamId,
        revision: entered.revision,
        checkpoint: entered.checkpoint,
        replayed: entered.replayed,
        credit: entered.state,
      },
    };
  }
}
