import type { Command } from '@app/ledger/domain';

/** The reader is the command's actor and the time of the read its metadata.now. */
export type RecordCaseHistoryRead = Command<
  'RecordCaseHistoryRead',
  {
    readonly caseId: string;
    readonly purpose: string | null;
    readonly asOf: string | null;
  }
>;

export type AccessLogCommand = RecordCaseHistoryRead;
