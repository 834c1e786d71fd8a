import { dateInChina } from '@app/calendar';
import type { Decider } from '@app/ledger/decider';
import { type Command, DomainError } from '@app/ledger/domain';
import type { Actor } from '@app/ledger/envelope';
import { withinJurisdiction } from '@app/platform/jurisdiction';
import type { Role } from '@app/platform/roles';
import type { CreditCommand, DecideCreditAppeal, EnterCreditRecord, RepairCreditRecord } from './credit.commands';
import {
  BEHAVIOURS,
  type CreditEvaluated,
  type CreditEvent,
  EVIDENCE_KINDS,
  type Grade,
  SEVERITIES,
} from './credit.events';
import { type CreditPolicy, isNegative } from './credit.policy';
import { type CreditRecord, effectOf, evaluateCredit } from './credit.queries';
import { requireId, requireOneOf, requirePastDate, requireText } from './credit.validation';

/** One household's credit: every record with its appeals and repair, and the evaluations made. */
export interface CreditState {
  readonly householdId: string | null;
  /** The township of the latest record: whose staff act on the household. */
  readonly townshipCode: string | null;
  readonly records: readonly CreditRecord[];
  readonly grade: Grade;
  readonly banUntil: string | null;
  readonly banRecordId: string | null;
  /** Every evaluation, oldest first. */
  readonly evaluations: readonly CreditEvaluated['data'][];
}

/** County 民政 identifies 失信 (阜新 2021); township staff also record good conduct and take in appeals. */
const COUNTY: readonly Role[] = ['county-reviewer', 'admin'];
const TOWNSHIP_OR_COUNTY: readonly Role[] = ['intake-clerk', 'township-approver', 'county-reviewer', 'admin'];

export function initialCreditState(): CreditState {
  return { householdId: null, townshipCode: null, records: [], grade: 'good', banUntil: null, banRecordId: null, evaluations: [] };
}

export function createCreditDecider(policy: CreditPolicy): Decider<CreditCommand, CreditEvent, CreditState> {
  return { initialState: initialCreditState, decide: (command, state) => decide(command, state, policy), evolve: evolveCredit };
}

function decide(command: CreditCommand, state: CreditState, policy: CreditPolicy): CreditEvent[] {
  const householdId = requireId(command.data.householdId, 'householdId');
  if (state.householdId !== null && state.householdId !== householdId) {
    throw DomainError.invalid('householdId', `this stream belongs to household ${state.householdId}`);
  }
  const change = changeOf(command, state, policy);
  const after = evolveCredit(state, change);
  const evaluation = evaluateCredit(after.records);
  const evaluated: CreditEvaluated = {
    type: 'CreditEvaluated',
    data: {
      householdId,
      grade: evaluation.grade,
      previousGrade: state.grade,
      banUntil: evaluation.banUntil,
      banRecordId: evaluation.banRecordId,
      activeRecordIds: evaluation.activeRecordIds,
      cause: { event: change.type as CreditEvaluated['data']['cause']['event'], recordId: command.data.recordId },
      evaluatedOn: dateInChina(command.metadata.now),
      policyVersion: policy.version,
    },
  };
  // An appeal lodged changes nothing until decided: no evaluation.
  return change.type === 'CreditAppealLodged' ? [change] : [change, evaluated];
}

function changeOf(command: CreditCommand, state: CreditState, policy: CreditPolicy): CreditEvent {
  const { actor, now } = command.metadata;
  const today = dateInChina(now);
  switch (command.type) {
    case 'EnterCreditRecord':
      return enter(command, state, policy, today);
    case 'LodgeCreditAppeal': {
      const record = existing(state, command.data.recordId);
      authorize(command, TOWNSHIP_OR_COUNTY, record.townshipCode, 'take in an appeal');
      if (record.polarity !== 'negative' || record.status !== 'in-force') {
        throw DomainError.conflict('record-not-appealable', `record ${record.recordId} is ${record.status} or not negative`, {
          recordId: record.recordId,
        });
      }
      if (record.appeals.some((a) => a.decision === null)) {
        throw DomainError.conflict('appeal-pending', `record ${record.recordId} already has an appeal awaiting decision`);
      }
      const appealId = requireId(command.data.appealId, 'appealId');
      if (record.appeals.some((a) => a.appealId === appealId)) throw DomainError.conflict('appeal-exists', `appeal ${appealId} exists`);
      return {
        type: 'CreditAppealLodged',
        data: {
          householdId: command.data.householdId,
          recordId: record.recordId,
          appealId,
          grounds: requireText(command.data.grounds, 'grounds'),
          lodgedOn: today,
          lodgedAt: now,
          lodgedBy: actor,
        },
      };
    }
    case 'DecideCreditAppeal':
      return decideAppeal(command, state, policy, today);
    case 'RepairCreditRecord':
      return repair(command, state, policy, today);
    default: {
      const exhaustive: never = command;
      return exhaustive;
    }
  }
}

function enter(command: EnterCreditRecord, state: CreditState, policy: CreditPolicy, today: string): CreditEvent {
  const d = command.data;
  const behaviour = requireOneOf(d.behaviour, BEHAVIOURS, 'behaviour');
  const rule = policy.behaviours[behaviour];
  const townshipCode = d.townshipCode;
  authorize(command, isNegative(behaviour) ? COUNTY : TOWNSHIP_OR_COUNTY, townshipCode, `record ${rule.label}`);
  const recordId = requireId(d.recordId, 'recordId');
  if (state.records.some((r) => r.recordId === recordId)) throw DomainError.conflict('record-exists', `record ${recordId} exists`);
  const evidence = Array.isArray(d.evidence) ? d.evidence : [];
  if (isNegative(behaviour) && evidence.length === 0) {
    throw DomainError.invalid('evidence', 'a 失信 record must cite its evidence: a confirmed warning, an inspection finding or a decision');
  }
  const cited = evidence.map((e, i) => ({
    kind: requireOneOf(e?.kind, EVIDENCE_KINDS, `evidence[${i}].kind`),
    ref: requireId(e?.ref, `evidence[${i}].ref`),
    ...(e?.note === undefined ? {} : { note: requireText(e.note, `evidence[${i}].note`, 500) }),
  }));
  let effect = null;
  if (isNegative(behaviour)) {
    const severity = d.severity === undefined ? (rule.defaultSeverity as NonNullable<typeof rule.defaultSeverity>) : requireOneOf(d.severity, SEVERITIES, 'severity');
    if (!rule.severities.includes(severity)) {
      throw DomainError.invalid('severity', `${rule.label} is graded ${rule.severities.join(' or ')}, not ${severity}`);
    }
    effect = effectOf(policy, behaviour, severity, today);
  } else if (d.severity !== undefined) {
    throw DomainError.invalid('severity', 'good conduct has no severity');
  }
  const extra = (d.legalBasis ?? []).map((text, i) => requireText(text, `legalBasis[${i}]`, 500));
  return {
    type: 'CreditRecordEntered',
    data: {
      householdId: d.householdId,
      recordId,
      townshipCode,
      behaviour,
      polarity: rule.polarity,
      occurredOn: requirePastDate(d.occurredOn, 'occurredOn', today),
      recordedOn: today,
      recordedAt: command.metadata.now,
      recordedBy: command.metadata.actor,
      summary: requireText(d.summary, 'summary'),
      legalBasis: [...rule.legalBasis, ...extra],
      evidence: cited,
      effect,
      personal: { idNumber: requireText(d.personal?.idNumber, 'personal.idNumber', 18) },
    },
  };
}

function decideAppeal(command: DecideCreditAppeal, state: CreditState, policy: CreditPolicy, today: string): CreditEvent {
  const d = command.data;
  const record = existing(state, d.recordId);
  authorize(command, COUNTY, record.townshipCode, 'decide an appeal');
  const appeal = record.appeals.find((a) => a.decision === null);
  if (!appeal) throw DomainError.conflict('no-appeal-pending', `record ${record.recordId} has no appeal awaiting decision`);
  if (command.metadata.actor.id === record.recordedBy.id) {
    throw DomainError.forbidden('own-record', 'the official who entered a record may not decide the appeal against it');
  }
  const outcome = requireOneOf(d.outcome, ['upheld', 'rejected'] as const, 'outcome');
  let result: Extract<CreditEvent, { type: 'CreditAppealDecided' }>['data']['result'] = null;
  if (outcome === 'upheld') {
    if (d.correctedSeverity === undefined) result = { kind: 'annulled' };
    else {
      const severity = requireOneOf(d.correctedSeverity, SEVERITIES, 'correctedSeverity');
      const current = record.effect as NonNullable<CreditRecord['effect']>;
      if (SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(current.severity)) {
        throw DomainError.invalid('correctedSeverity', `an upheld appeal lowers the severity below ${current.severity}`);
      }
      // The original date stands: a correction shortens the consequences, never restarts them.
      result = { kind: 'changed', effect: effectOf(policy, record.behaviour, severity, record.recordedOn) };
    }
  } else if (d.correctedSeverity !== undefined) {
    throw DomainError.invalid('correctedSeverity', 'only an upheld appeal changes the record');
  }
  return {
    type: 'CreditAppealDecided',
    data: {
      householdId: d.householdId,
      recordId: record.recordId,
      appealId: appeal.appealId,
      outcome,
      reasons: requireText(d.reasons, 'reasons'),
      decidedOn: today,
      decidedAt: command.metadata.now,
      decidedBy: command.metadata.actor,
      result,
    },
  };
}

function repair(command: RepairCreditRecord, state: CreditState, policy: CreditPolicy, today: string): CreditEvent {
  const d = command.data;
  const record = existing(state, d.recordId);
  authorize(command, COUNTY, record.townshipCode, 'repair credit');
  if (record.polarity !== 'negative' || record.status !== 'in-force' || record.effect === null) {
    throw DomainError.conflict('record-not-repairable', `record ${record.recordId} is ${record.status} or not negative`);
  }
  if (record.appeals.some((a) => a.decision === null)) {
    throw DomainError.conflict('appeal-pending', 'decide the pending appeal before repairing the record');
  }
  const effect = record.effect;
  const basis = requireOneOf(d.basis, ['period-elapsed', 'conditions-met'] as const, 'basis');
  let conditionRecordIds: string[] = [];
  if (basis === 'period-elapsed' && today < effect.repairableFrom) {
    throw DomainError.conflict('repair-period-running', `record ${record.recordId} may be repaired from ${effect.repairableFrom}`, {
      repairableFrom: effect.repairableFrom,
    });
  }
  if (basis === 'conditions-met') {
    if (today < effect.earlyRepairFrom) {
      throw DomainError.conflict('repair-period-running', `record ${record.recordId} may be repaired early from ${effect.earlyRepairFrom}`, {
        earlyRepairFrom: effect.earlyRepairFrom,
      });
    }
    const missing: string[] = [];
    for (const condition of effect.repairConditions) {
      const met = state.records.find(
        (r) => r.behaviour === condition && r.status === 'in-force' && r.recordedOn >= record.recordedOn && r.recordId !== record.recordId,
      );
      if (met) conditionRecordIds.push(met.recordId);
      else missing.push(condition);
    }
    if (missing.length > 0) {
      throw DomainError.conflict('repair-conditions-unmet', `no record since ${record.recordedOn} of ${missing.join(', ')}`, {
        missing,
      });
    }
  }
  conditionRecordIds = [...new Set(conditionRecordIds)];
  return {
    type: 'CreditRecordRepaired',
    data: {
      householdId: d.householdId,
      recordId: record.recordId,
      basis,
      conditionRecordIds,
      repairedOn: today,
      repairedAt: command.metadata.now,
      repairedBy: command.metadata.actor,
      policyVersion: policy.version,
    },
  };
}

function existing(state: CreditState, recordId: unknown): CreditRecord {
  const id = requireId(recordId, 'recordId');
  const record = state.records.find((r) => r.recordId === id);
  if (!record) throw DomainError.notFound('record-not-found', `household has no credit record ${id}`, { recordId: id });
  return record;
}

function authorize(command: Command<string, unknown> & { metadata: { actor: Actor } }, roles: readonly Role[], township: unknown, what: string): void {
  const { actor } = command.metadata;
  if (!(roles as readonly string[]).includes(actor.role)) {
    throw DomainError.forbidden('role-not-allowed', `a ${actor.role} may not ${what}; it needs ${roles.join(' or ')}`, { role: actor.role });
  }
  if (typeof township !== 'string' || !/^\d{9}$/.test(township)) {
    throw DomainError.invalid('townshipCode', 'townshipCode must be a 9-digit township code');
  }
  if (!withinJurisdiction(actor.unit, township)) {
    throw DomainError.forbidden('outside-jurisdiction', `unit ${actor.unit} has no jurisdiction over township ${township}`, {
      unit: actor.unit,
      townshipCode: township,
    });
  }
}

const mapRecord = (state: CreditState, recordId: string, change: (r: CreditRecord) => CreditRecord): CreditState => ({
  ...state,
  records: state.records.map((r) => (r.recordId === recordId ? change(r) : r)),
});

/** Folds one event into the household's credit. Total over every event type; never refuses. */
export function evolveCredit(state: CreditState, event: CreditEvent): CreditState {
  switch (event.type) {
    case 'CreditRecordEntered': {
      const d = event.data;
      const record: CreditRecord = {
        recordId: d.recordId,
        behaviour: d.behaviour,
        polarity: d.polarity,
        townshipCode: d.townshipCode,
        occurredOn: d.occurredOn,
        recordedOn: d.recordedOn,
        recordedBy: d.recordedBy,
        summary: d.summary,
        legalBasis: d.legalBasis,
        evidence: d.evidence,
        effect: d.effect,
        status: 'in-force',
        appeals: [],
        repair: null,
      };
      return { ...state, householdId: d.householdId, townshipCode: d.townshipCode, records: [...state.records, record] };
    }
    case 'CreditAppealLodged': {
      const d = event.data;
      return mapRecord(state, d.recordId, (r) => ({
        ...r,
        appeals: [...r.appeals, { appealId: d.appealId, grounds: d.grounds, lodgedOn: d.lodgedOn, decision: null }],
      }));
    }
    case 'CreditAppealDecided': {
      const d = event.data;
      return mapRecord(state, d.recordId, (r) => ({
        ...r,
        status: d.result?.kind === 'annulled' ? 'annulled' : r.status,
        effect: d.result?.kind === 'changed' ? d.result.effect : r.effect,
        appeals: r.appeals.map((a) =>
          a.appealId === d.appealId
            ? { ...a, decision: { outcome: d.outcome, reasons: d.reasons, decidedOn: d.decidedOn, decidedBy: d.decidedBy } }
            : a,
        ),
      }));
    }
    case 'CreditRecordRepaired': {
      const d = event.data;
      return mapRecord(state, d.recordId, (r) => ({
        ...r,
        status: 'repaired',
        repair: { repairedOn: d.repairedOn, basis: d.basis, conditionRecordIds: d.conditionRecordIds },
      }));
    }
    case 'CreditEvaluated': {
      const d = event.data;
      return { ...state, grade: d.grade, banUntil: d.banUntil, banRecordId: d.banRecordId, evaluations: [...state.evaluations, d] };
    }
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}
