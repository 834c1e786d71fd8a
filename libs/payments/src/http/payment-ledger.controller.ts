import { TOWNSHIP_STAFF } from '@app/assistance-cases';
import { DomainError } from '@app/ledger/domain';
import { CurrentPrincipal, type Principal, Roles } from '@app/platform';
import { withinJurisdiction } from '@app/platform/jurisdiction';
import type { Role } from '@app/platform/roles';
import { type ProjectionProgress, type ReadStore } from '@app/projections';
import { awaitProjection, PROJECTION_RUNNER, READ_STORE } from '@app/projections/nest';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PAYMENT_LEDGER } from '../read-models/payment-ledger.projection';
import { type CasePayments, casePayments, townshipMonth, type TownshipMonth } from '../read-models/payment-ledger.query';
import { PaymentLedgerCaseParams, PaymentLedgerQuery, PaymentLedgerTownshipParams } from './dto/payment-ledger.dto';

const LEDGER_READERS: readonly Role[] = [...TOWNSHIP_STAFF, 'county-reviewer', 'supervisor', 'discipline-inspector', 'auditor'];

@ApiTags('Payments')
@ApiBearerAuth('bearer')
@Controller('payment-ledger')
export class PaymentLedgerController {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionProgress,
  ) {}

  @Get('cases/:caseId')
  @Roles(...LEDGER_READERS)
  @ApiOperation({
    summary: "a case's payments: month, kind, amount, status, batch, bank reference, reissue",
    description: 'Within the reader\'s unit (a case of another unit is a 403; one the ledger has not seen, a 404).',
  })
  async forCase(
    @Param() { caseId }: PaymentLedgerCaseParams,
    @Query() query: PaymentLedgerQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CasePayments> {
    await awaitProjection(this.runner, PAYMENT_LEDGER, query.waitFor);
    const found = await casePayments(this.readStore, caseId);
    if (found.townshipCode === null) {
      throw DomainError.notFound('case-not-found', `the payment ledger has no case ${caseId}`, { caseId });
    }
    assertWithin(principal, found.townshipCode);
    return found;
  }

  @Get('townships/:townshipCode/:month')
  @Roles(...LEDGER_READERS)
  @ApiOperation({
    summary: "a township's payments for a month: counts and fen by status and kind, and the batch's last reconciliation",
    description: "Within the reader's unit (another unit's township is a 403).",
  })
  async forTownshipMonth(
    @Param() { townshipCode, month }: PaymentLedgerTownshipParams,
    @Query() query: PaymentLedgerQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TownshipMonth> {
    assertWithin(principal, townshipCode);
    await awaitProjection(this.runner, PAYMENT_LEDGER, query.waitFor);
    return townshipMonth(this.readStore, townshipCode, month);
  }
}

function assertWithin(principal: Principal, townshipCode: string): void {
  if (!withinJurisdiction(principal.unit, townshipCode)) {
    throw DomainError.forbidden('outside-jurisdiction', `unit ${principal.unit} has no jurisdiction over township ${townshipCode}`, {
      unit: principal.unit,
      townshipCode,
    });
  }
}
