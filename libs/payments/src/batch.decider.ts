import type { Decider } from '@app/ledger/decider';
import type { BatchCommand } from './batch.commands';
import type { BatchEvent } from './batch.events';
import { evolve } from './batch.evolve';
import { requireNow, requireRole } from './batch.guards';
import type { BatchPolicy, BatchStep } from './batch.policy';
import { type BatchState, initialBatchState } from './batch.state';
import { openBatch, recordBatchPayments, submitBatchToBank } from './batch-assembly.decider';
import { closeBatch, reconcileBatch, recordBankSettlement } from './batch-settlement.decider';

const STEP: Readonly<Record<BatchCommand['type'], BatchStep>> = {
  OpenBatch: 'open',
  RecordBatchPayments: 'record-payments',
  SubmitBatchToBank: 'submit',
  RecordBankSettlement: 'record-settlement',
  ReconcileBatch: 'reconcile',
  CloseBatch: 'close',
};

/**
 * The rules of one township's monthly payment batch (`batch-<townshipCode>-<YYYYMM>`). Pure: the
 * instant is metadata.now, and what the case streams hold comes in the commands as the runner
 * read it. The batch lists and totals amounts; it never computes what a household is owed.
 */
export function createBatchDecider(policy: BatchPolicy): Decider<BatchCommand, BatchEvent, BatchState> {
  return { initialState: initialBatchState, evolve, decide: (command, state) => decide(command, state, policy) };
}

function decide(command: BatchCommand, state: BatchState, policy: BatchPolicy): BatchEvent[] {
  requireRole(command, policy, STEP[command.type]);
  requireNow(command);
  switch (command.type) {
    case 'OpenBatch':
      return [openBatch(command, state, policy)];
    case 'RecordBatchPayments':
      return recordBatchPayments(command, state);
    case 'SubmitBatchToBank':
      return [submitBatchToBank(command, state)];
    case 'RecordBankSettlement':
      return recordBankSettlement(command, state);
    case 'ReconcileBatch':
      return [reconcileBatch(command, state)];
    case 'CloseBatch':
      return [closeBatch(command, state)];
    default: {
      const exhaustive: never = command;
      return exhaustive;
    }
  }
}
