import { dateInChina } from '@app/calendar';
import { assertResidentId } from '@app/households';
import { DomainError } from '@app/ledger/domain';
import { WrongExpectedRevisionError } from '@app/ledger/errors';
import {
  actingRole,
  type Clock,
  CLOCK,
  COMMAND_ID_NAMESPACE,
  CommandExecutor,
  type FieldError,
  type HttpCommandContext,
  ID_SOURCE,
  type IdSource,
  RequestValidationException,
  toProblem,
  uuidV5,
} from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import { COUNTY_REVIEWER } from '../case.guards';
import { caseStreamIdOf } from './case-inputs';
import { CaseRegister } from './case-register';
import { CASE_DECIDER, type CaseDecider } from './cases.providers';
import type { DeathRecordsDto } from './dto/death-records.dto';

export type DeathOutcome = 'recorded' | 'already-recorded' | 'refused';

export interface DeathCaseResult {
  readonly caseId: string;
  readonly outcome: DeathOutcome;
  /** Types of the events this request appended to the case (none unless recorded). */
  readonly events: readonly string[];
  /** Why the case refused the death, as the problem details a single command would have answered. */
  readonly reason?: { readonly status: number; readonly code?: string; readonly detail: string };
}

export interface DeathRecordResult {
  readonly recordId: string;
  /** Cases with the person among their members; 0 is not an error. */
  readonly matched: number;
  readonly cases: readonly DeathCaseResult[];
}

export interface DeathRecordsResult {
  readonly registry: string;
  readonly records: readonly DeathRecordResult[];
}

interface CheckedRecord {
  readonly recordId: string;
  readonly idNumber: string;
  readonly diedOn: string;
}

/**
 * A file of deaths from civil registration, recorded in every case the person belongs to. Each
 * case decides for itself (jurisdiction, status, a death already recorded on another date); one
 * refusal is reported and the others go on. The command id is derived from the record and the
 * case, so the same file sent again appends nothing and reports 'already-recorded'.
 */
@Injectable()
export class DeathRecordsService {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly register: CaseRegister,
    @Inject(CASE_DECIDER) private readonly decider: CaseDecider,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  async record(context: HttpCommandContext, file: DeathRecordsDto): Promise<DeathRecordsResult> {
    if (context.expectedRevision !== undefined) {
      throw new RequestValidationException([
        { field: 'If-Match', message: 'If-Match does not apply to a death-record file: it spans many cases' },
      ]);
    }
    const records = this.checked(file);
    // One correlation id ties together everything the file recorded; If-Match and the
    // Idempotency-Key are not handed on: each case command has its own derived id.
    const perCase: HttpCommandContext = {
      principal: context.principal,
      correlationId: context.correlationId ?? this.ids.newId(),
    };
    const results: DeathRecordResult[] = [];
    for (const record of records) {
      const cases = await this.register.casesOfMember(record.idNumber);
      const outcomes: DeathCaseResult[] = [];
      for (const { caseId } of cases) outcomes.push(await this.recordInCase(perCase, file.registry, record, caseId));
      results.push({ recordId: record.recordId, matched: cases.length, cases: outcomes });
    }
    return { registry: file.registry, records: results };
  }

  /** Every record's ID number by GB 11643 and each record id once; all offending fields at once. */
  private checked(file: DeathRecordsDto): CheckedRecord[] {
    const today = dateInChina(this.clock.now().toISOString());
    const errors: FieldError[] = [];
    const seen = new Map<string, number>();
    const records = file.records.map((record, i) => {
      const first = seen.get(record.recordId);
      if (first !== undefined) {
        const message = `records[${i}] repeats the record id of records[${first}]`;
        errors.push({ field: `records[${i}].recordId`, message });
      } else {
        seen.set(record.recordId, i);
      }
      let idNumber = record.idNumber;
      try {
        idNumber = assertResidentId(`records[${i}].idNumber`, record.idNumber, { asOf: today });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        errors.push({ field: `records[${i}].idNumber`, message: error.message });
      }
      return { recordId: record.recordId, idNumber, diedOn: record.diedOn };
    });
    if (errors.length > 0) throw new RequestValidationException(errors);
    return records;
  }

  private async recordInCase(
    context: HttpCommandContext,
    registry: string,
    record: CheckedRecord,
    caseId: string,
  ): Promise<DeathCaseResult> {
    try {
      const result = await this.executor.run({
        context,
        decider: this.decider,
        streamId: caseStreamIdOf(caseId),
        role: actingRole(context.principal, COUNTY_REVIEWER),
        type: 'RecordMemberDeath',
        data: {
          caseId,
          idNumber: record.idNumber,
          diedOn: record.diedOn,
          source: { registry, recordId: record.recordId },
        },
        commandId: deathCommandId(registry, record, caseId),
        view: () => null,
      });
      if (result.replayed || result.events.length === 0) return { caseId, outcome: 'already-recorded', events: [] };
      return { caseId, outcome: 'recorded', events: result.events.map((e) => e.type) };
    } catch (error) {
      // A rule of the case, or a writer that kept getting in first: this case only, the file goes on.
      if (!(error instanceof DomainError) && !(error instanceof WrongExpectedRevisionError)) throw error;
      const { status, code, detail } = toProblem(error).body;
      const reason = { status, ...(code === undefined ? {} : { code }), detail };
      return { caseId, outcome: 'refused', events: [], reason };
    }
  }
}

/**
 * The same record of the same death in the same case is the same command. The ID number and the
 * date are part of it, so a record id reused with other content is decided, not taken as a retry.
 */
export function deathCommandId(registry: string, record: CheckedRecord, caseId: string): string {
  const name = JSON.stringify(['death-record', registry, record.recordId, caseId, record.idNumber, record.diedOn]);
  return uuidV5(COMMAND_ID_NAMESPACE, name);
}
