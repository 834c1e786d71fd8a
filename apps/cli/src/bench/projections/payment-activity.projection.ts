import type { Projection } from '@app/projections';
import { PAYMENT_EVENT_TYPES } from '../payment-events';

export const PAYMENT_ACTIVITY = 'bench_payment_activity';

/**
 * A small read model of the kind a dashboard needs: per household stream, how many payment events
 * it holds, the last one's type and revision, and the cents it has disbursed. Idempotent: a
 * revision at or below the one recorded has been applied already.
 */
export function paymentActivity(): Projection {
  return {
    name: PAYMENT_ACTIVITY,
    version: 1,
    runsWhere: 'async',
    handles: PAYMENT_EVENT_TYPES,
    tables: ['streams'],
    async setup(tx, table) {
      await tx.exec(`CREATE TABLE IF NOT EXISTS ${table('streams')} (
        stream_id TEXT PRIMARY KEY,
        event_count INTEGER NOT NULL,
        last_type TEXT NOT NULL,
        last_revision BIGINT NOT NULL,
        disbursed_cents BIGINT NOT NULL)`);
    },
    async apply(tx, event, table) {
      const t = table('streams');
      const data = event.data as { amountCents?: number };
      const disbursed = event.type === 'PaymentDisbursed' ? Number(data.amountCents ?? 0) : 0;
      // Queued: a blind upsert needs no answer, so the batch's writes share round trips.
      tx.queue(
        `INSERT INTO ${t} (stream_id, event_count, last_type, last_revision, disbursed_cents) VALUES (?, 1, ?, ?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET event_count = ${t}.event_count + 1,
           last_type = excluded.last_type, last_revision = excluded.last_revision,
           disbursed_cents = ${t}.disbursed_cents + excluded.disbursed_cents
         WHERE excluded.last_revision > ${t}.last_revision`,
        [event.streamId, event.type, Number(event.revision), disbursed],
      );
    },
  };
}
