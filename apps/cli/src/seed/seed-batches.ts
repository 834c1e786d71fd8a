import { addMonths } from '@app/calendar';
import { batchIdOf, batchStreamId, type SettlementResult } from '@app/payments';
import type { Township } from './city-model';
import { as, type SeedLedger } from './seed-ledger';

/**
 * The township's monthly batch as the seed runs it: the run on the 25th of the month before and
 * the bank file on the 28th; the bank's results (every payment paid) and the reconciliation on the
 * 2nd of the month paid. A resumed run finds a batch already sent, or already reconciled, and
 * leaves it.
 */
export class SeedBatches {
  constructor(private readonly ledger: SeedLedger) {}

  async pay(t: Township, month: string): Promise<void> {
    const before = addMonths(month, -1);
    const payable = (await this.ledger.register.payableCases(t.code)).filter((c) => this.ledger.admit(c.caseId));
    if (payable.length === 0) return;
    const clerk = as(t.clerks[0], 'intake-clerk', t.code);
    const batchId = batchIdOf(t.code, month);
    // A resumed run: a batch already sent to the bank takes no more runs.
    if ((await this.batchState(batchId))?.submission !== undefined) return;
    this.at(`${before}-25`);
    this.ledger.ids.enter(`run-${batchId}`);
    await this.ledger.runner.run({ ...clerk, correlationId: `seed-run-${batchId}` }, t.code, month);
    const payments = await this.batchPayments(batchId);
    if (payments.length === 0) return;
    this.at(`${before}-28`);
    const submitKey = `seed-submit-${batchId}`;
    await this.ledger.runner.submit(
      { ...as(t.approver, 'township-approver', t.code), correlationId: submitKey, idempotencyKey: submitKey },
      batchId,
      `SXBANK-${batchId}`,
    );
  }

  async settle(t: Township, month: string): Promise<void> {
    const batchId = batchIdOf(t.code, month);
    // A resumed run: a reconciled batch is finished (a second reconciliation would be a new event).
    if (((await this.batchState(batchId))?.reconciliations.length ?? 0) > 0) return;
    const payments = await this.batchPayments(batchId);
    if (payments.length === 0) return;
    this.at(`${month}-02`);
    const clerk = { ...as(t.clerks[0], 'intake-clerk', t.code), correlationId: `seed-settle-${batchId}` };
    const results: SettlementResult[] = payments.map((paymentId, k) => ({
      paymentId,
      outcome: 'paid',
      bankReference: `BK-${batchId}-${k + 1}`,
    }));
    this.ledger.ids.enter(`settle-${batchId}`);
    await this.ledger.runner.settle(clerk, batchId, results);
    this.ledger.ids.enter(`reconcile-${batchId}`);
    await this.ledger.runner.reconcile({ ...clerk, correlationId: `seed-reconcile-${batchId}` }, batchId);
  }

  private async batchPayments(batchId: string): Promise<string[]> {
    return (await this.batchState(batchId))?.payments.map((p) => p.paymentId) ?? [];
  }

  private async batchState(batchId: string) {
    const events = await this.ledger.store.readStream(batchStreamId(batchId)).catch(() => []);
    if (events.length === 0) return undefined;
    const { evolve, initialState } = this.ledger.batchDecider;
    return events.reduce((s, e) => evolve(s, e as never), initialState());
  }

  private at(date: string): void {
    this.ledger.clock.set(`${date}T01:00:00.000Z`);
  }
}
