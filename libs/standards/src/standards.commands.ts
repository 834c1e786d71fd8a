import type { Command } from '@app/ledger/domain';
import type { Programme } from './standards.events';

export interface SetStandardData {
  readonly region: string;
  readonly programme: Programme;
  readonly monthlyFen: number;
  readonly effectiveFrom: string;
  readonly document?: string;
}

export type SetStandard = Command<'SetStandard', SetStandardData>;

export type StandardsCommand = SetStandard;
