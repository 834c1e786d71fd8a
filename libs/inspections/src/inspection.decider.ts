import { dateInChina } from '@app/calendar';
import type { Decider } from '@app/ledger/decider';
import { type Command, DomainError } from '@app/ledger/domain';
import { unitLevel, withinJurisdiction } from '@app/platform/jurisdiction';
import type { Role } from '@app/platform/roles';
import type { InspectionCommand, LinkCreditRecord, OpenCampaign, RecordFinding, RecordVisit } from './inspection.commands';
import {
  type ActedBy,
  type CampaignScope,
  FINDING_CLASS_IDS,
  type FindingClass,
  INSPECTION_PROGRAMMES,
  type InspectionEvent,
  type InspectionProgramme,
  VISIT_MODES,
} from './inspection.events';
import { evolveInspection, initialInspectionState, type InspectionState, type RectificationRecord } from './inspection.state';
import { checkDraw } from './inspection-draw.rules';
export { sampleSizeFor } from './inspection.sample-size';
import { dateField, idField, requireIdList, textField } from './inspection.validation';

/** Who runs a campaign: 纪检监察 and county/city-level 民政 officials. */
export const INSPECTING_ROLES: readonly Role[] = ['discipline-inspector', 'county-reviewer', 'supervisor', 'admin'];
/** Who may report a rectification done: the township's own staff, or the inspectors. */
export const RECTIFYING_ROLES: readonly Role[] = ['township-approver', 'intake-clerk', ...INSPECTING_ROLES];

export type InspectionDecider = Decider<InspectionCommand, InspectionEvent, InspectionState>;

export const inspectionDecider: InspectionDecider = {
  initialState: initialInspectionState,
  evolve: evolveInspection,
  decide,
};

function decide(command: InspectionCommand, state: InspectionState): InspectionEvent[] {
  if (command.type === 'OpenCampaign') return openCampaign(command, state);
  const campaignId = requireOpened(state);
  const today = todayOf(command);
  switch (command.type) {
    case 'DrawSample':
      return [{ type: 'InspectionSampleDrawn', data: { campaignId, ...checkDraw(command, state), drawnAt: command.metadata.now, drawnBy: inspector(command, state) } }];
    case 'RecordVisit':
      return [recordVisit(command, state, campaignId, today)];
    case 'RecordFinding':
      return [recordFinding(command, state, campaignId, today)];
    case 'LinkRecovery': {
      const by = inspector(command, state);
      const d = command.data;
      const finding = state.findings.find((f) => f.findingId === d.findingId);
      if (!finding) throw DomainError.notFound('finding-not-found', `campaign ${campaignId} has no finding ${d.findingId}`);
      if (finding.caseId !== d.caseId) {
        throw DomainError.conflict('recovery-on-other-case', `finding ${d.findingId} is about case ${finding.caseId ?? '(none)'}, not ${d.caseId}`);
      }
      if (state.findings.some((f) => f.recoveries.some((r) => r.recoveryId === d.recoveryId))) {
        throw DomainError.conflict('recovery-already-linked', `recovery ${d.recoveryId} is already linked`);
      }
      const { orderedFen, repaidFen } = d;
      return [{ type: 'InspectionRecoveryLinked', data: { campaignId, findingId: d.findingId, caseId: d.caseId, recoveryId: idField(d.recoveryId, 'recoveryId'), orderedFen, repaidFen, linkedOn: today, linkedBy: by } }];
    }
    case 'LinkCreditRecord':
      return [linkCreditRecord(command, state, campaignId, today)];
    case 'OrderRectification': {
      const by = inspector(command, state);
      const d = command.data;
      const finding = state.findings.find((f) => f.findingId === d.findingId);
      if (!finding) throw DomainError.notFound('finding-not-found', `campaign ${campaignId} has no finding ${d.findingId}`);
      if (state.rectifications.some((r) => r.findingId === d.findingId)) {
        throw DomainError.conflict('rectification-already-ordered', `finding ${d.findingId} already has a rectification order`);
      }
      if (state.rectifications.some((r) => r.rectificationId === d.rectificationId)) {
        throw DomainError.conflict('rectification-id-in-use', `rectification ${d.rectificationId} exists`);
      }
      const dueBy = dateField(d.dueBy, 'dueBy');
      if (dueBy < today) throw DomainError.invalid('dueBy', `dueBy ${dueBy} is before today (${today})`);
      return [{
        type: 'RectificationOrdered',
        data: {
          campaignId,
          rectificationId: idField(d.rectificationId, 'rectificationId'),
          findingId: finding.findingId,
          townshipCode: finding.townshipCode,
          findingClass: finding.findingClass,
          requirement: textField(d.requirement, 'requirement', 2000),
          dueBy,
          orderedOn: today,
          orderedBy: by,
        },
      }];
    }
    case 'CompleteRectification': {
      const r = requireRectification(state, command.data.rectificationId);
      const by = acting(command, RECTIFYING_ROLES, r.townshipCode, 'report a rectification done');
      if (r.status !== 'ordered') throw notIn(r, 'ordered', 'be completed');
      const evidence = requireIdList(command.data.evidence, 'evidence', 1);
      const description = textField(command.data.description, 'description', 2000);
      return [{ type: 'RectificationCompleted', data: { campaignId, rectificationId: r.rectificationId, completedOn: today, description, evidence, late: today > r.dueBy, completedBy: by } }];
    }
    case 'VerifyRectification': {
      const by = inspector(command, state);
      const r = requireRectification(state, command.data.rectificationId);
      if (r.status !== 'completed') throw notIn(r, 'completed', 'be verified');
      if (typeof command.data.accepted !== 'boolean') throw DomainError.invalid('accepted', 'accepted must be true or false');
      const remarks = textField(command.data.remarks, 'remarks', 2000);
      return [{ type: 'RectificationVerified', data: { campaignId, rectificationId: r.rectificationId, verifiedOn: today, accepted: command.data.accepted, remarks, verifiedBy: by } }];
    }
    case 'CloseOutRectification': {
      const by = inspector(command, state);
      const r = requireRectification(state, command.data.rectificationId);
      if (r.status !== 'verified') throw notIn(r, 'verified', 'be closed out (销号)');
      return [{ type: 'RectificationClosedOut', data: { campaignId, rectificationId: r.rectificationId, closedOn: today, closedBy: by } }];
    }
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown command ${(command as Command).type}`);
    }
  }
}

function openCampaign(command: OpenCampaign, state: InspectionState): InspectionEvent[] {
  if (state.campaignId !== null) throw DomainError.conflict('campaign-exists', `campaign ${state.campaignId} is already open`);
  const { actor } = command.metadata;
  const by = actingAs(command, INSPECTING_ROLES, 'open a campaign');
  const level = unitLevel(actor.unit);
  if (level !== 'county' && level !== 'city') {
    throw DomainError.forbidden('not-county-level', `a campaign is opened by a county- or city-level unit, not ${actor.unit}`, { unit: actor.unit });
  }
  const d = command.data;
  const townships = requireIdList(d.townships, 'townships', 1);
  townships.forEach((t, i) => {
    if (unitLevel(t) !== 'township') throw DomainError.invalid(`townships[${i}]`, `townships[${i}] must be a 9-digit township code`);
    if (!withinJurisdiction(actor.unit, t)) {
      throw DomainError.forbidden('outside-jurisdiction', `unit ${actor.unit} has no jurisdiction over township ${t}`, { unit: actor.unit, township: t });
    }
  });
  const programmes = requireIdList(d.programmes, 'programmes', 1);
  programmes.forEach((p, i) => {
    if (!(INSPECTION_PROGRAMMES as readonly string[]).includes(p)) {
      throw DomainError.invalid(`programmes[${i}]`, `programmes[${i}] must be one of ${INSPECTION_PROGRAMMES.join(', ')}`);
    }
  });
  const from = dateField(d.period?.from, 'period.from');
  const to = dateField(d.period?.to, 'period.to');
  if (to < from) throw DomainError.invalid('period.to', `period.to ${to} is before period.from ${from}`);
  const hasSize = d.sampleSize !== undefined && d.sampleSize !== null;
  const hasRatio = d.sampleRatio !== undefined && d.sampleRatio !== null;
  if (hasSize === hasRatio) throw DomainError.invalid('sampleSize', 'give exactly one of sampleSize and sampleRatio');
  if (hasSize && (!Number.isSafeInteger(d.sampleSize) || (d.sampleSize as number) < 1)) {
    throw DomainError.invalid('sampleSize', 'sampleSize must be a whole number ≥ 1');
  }
  if (hasRatio && !(typeof d.sampleRatio === 'number' && d.sampleRatio > 0 && d.sampleRatio <= 1)) {
    throw DomainError.invalid('sampleRatio', 'sampleRatio must be a number in (0, 1]');
  }
  const scope: CampaignScope = {
    townships: [...new Set(townships)].sort(),
    programmes: [...new Set(programmes as InspectionProgramme[])].sort(),
    period: { from, to },
    sampleSize: hasSize ? (d.sampleSize as number) : null,
    sampleRatio: hasRatio ? (d.sampleRatio as number) : null,
  };
  return [{
    type: 'InspectionCampaignOpened',
    data: { campaignId: idField(d.campaignId, 'campaignId'), title: textField(d.title, 'title', 200), unit: actor.unit, scope, openedAt: command.metadata.now, openedBy: by },
  }];
}

function recordVisit(command: RecordVisit, state: InspectionState, campaignId: string, today: string): InspectionEvent {
  const by = inspector(command, state);
  const d = command.data;
  requireDrawn(state, 'record a visit');
  if (state.visits.some((v) => v.visitId === d.visitId)) throw DomainError.conflict('visit-id-in-use', `visit ${d.visitId} exists`);
  if (!(VISIT_MODES as readonly string[]).includes(d.mode)) throw DomainError.invalid('mode', `mode must be one of ${VISIT_MODES.join(', ')}`);
  const visitedOn = visitDate(d.visitedOn, state, today);
  const townshipCode = inScope(state, d.townshipCode);
  const caseId = d.caseId === undefined ? null : sampledCase(state, d.caseId, townshipCode);
  const officials = requireIdList(d.officials, 'officials', 1);
  const notes = textField(d.notes, 'notes', 4000);
  return { type: 'InspectionVisitRecorded', data: { campaignId, visitId: idField(d.visitId, 'visitId'), mode: d.mode, visitedOn, townshipCode, caseId, officials, notes, recordedBy: by } };
}

function recordFinding(command: RecordFinding, state: InspectionState, campaignId: string, today: string): InspectionEvent {
  const by = inspector(command, state);
  const d = command.data;
  requireDrawn(state, 'record a finding');
  if (state.findings.some((f) => f.findingId === d.findingId)) throw DomainError.conflict('finding-id-in-use', `finding ${d.findingId} exists`);
  const visit = d.visitId === undefined ? undefined : state.visits.find((v) => v.visitId === d.visitId);
  if (d.visitId !== undefined && !visit) throw DomainError.notFound('visit-not-found', `campaign ${campaignId} has no visit ${d.visitId}`);
  const townshipCode = inScope(state, d.townshipCode);
  if (visit && visit.townshipCode !== townshipCode) {
    throw DomainError.invalid('townshipCode', `visit ${visit.visitId} was in township ${visit.townshipCode}, not ${townshipCode}`);
  }
  const caseId = d.caseId === undefined ? (visit?.caseId ?? null) : idField(d.caseId, 'caseId');
  if (!(FINDING_CLASS_IDS as readonly string[]).includes(d.findingClass)) {
    throw DomainError.invalid('findingClass', `findingClass must be one of ${FINDING_CLASS_IDS.join(', ')}`);
  }
  if (!Number.isSafeInteger(d.amountFen) || d.amountFen < 0) throw DomainError.invalid('amountFen', 'amountFen must be a whole number of fen ≥ 0');
  return {
    type: 'InspectionFindingRecorded',
    data: {
      campaignId,
      findingId: idField(d.findingId, 'findingId'),
      visitId: visit?.visitId ?? null,
      caseId,
      townshipCode,
      findingClass: d.findingClass as FindingClass,
      description: textField(d.description, 'description', 4000),
      responsibleOfficials: requireIdList(d.responsibleOfficials, 'responsibleOfficials', 0),
      amountFen: d.amountFen,
      recordedOn: today,
      recordedBy: by,
    },
  };
}

/**
 * The finding is the record's evidence: it must exist in this campaign, and one household gets one
 * record per finding. A recorded finding is a confirmed one: inspectors record findings after the
 * facts are established, and nothing in the campaign withdraws one.
 */
function linkCreditRecord(command: LinkCreditRecord, state: InspectionState, campaignId: string, today: string): InspectionEvent {
  const by = inspector(command, state);
  const d = command.data;
  const finding = state.findings.find((f) => f.findingId === d.findingId);
  if (!finding) throw DomainError.notFound('finding-not-found', `campaign ${campaignId} has no finding ${String(d.findingId)}`);
  const householdId = idField(d.householdId, 'householdId');
  if (finding.creditRecords.some((r) => r.householdId === householdId)) {
    throw DomainError.conflict('credit-record-already-linked', `finding ${finding.findingId} already has a credit record on household ${householdId}`, { householdId });
  }
  return {
    type: 'InspectionCreditRecordLinked',
    data: {
      campaignId,
      findingId: finding.findingId,
      householdId,
      recordId: idField(d.recordId, 'recordId'),
      behaviour: idField(d.behaviour, 'behaviour'),
      severity: d.severity === null ? null : idField(d.severity, 'severity'),
      gradeAfter: idField(d.gradeAfter, 'gradeAfter'),
      linkedOn: today,
      linkedBy: by,
    },
  };
}

export function todayOf(command: Command): string {
  try {
    return dateInChina(command.metadata.now);
  } catch {
    throw DomainError.invalid('metadata.now', 'the command carries no valid time');
  }
}

function requireOpened(state: InspectionState): string {
  if (state.campaignId === null) throw DomainError.notFound('campaign-not-found', 'no campaign is open in this stream');
  return state.campaignId;
}

function requireDrawn(state: InspectionState, what: string): void {
  if (state.draw === null) throw DomainError.conflict('sample-not-drawn', `draw the sample before you ${what}`);
}

function requireRectification(state: InspectionState, id: unknown): RectificationRecord {
  const r = state.rectifications.find((x) => x.rectificationId === id);
  if (!r) throw DomainError.notFound('rectification-not-found', `campaign ${state.campaignId} has no rectification ${String(id)}`);
  return r;
}

function notIn(r: RectificationRecord, needed: string, what: string): DomainError {
  return DomainError.conflict('rectification-not-' + needed, `rectification ${r.rectificationId} is ${r.status}; only one ${needed} can ${what}`, { status: r.status });
}

function inScope(state: InspectionState, township: unknown): string {
  if (typeof township !== 'string' || !state.scope?.townships.includes(township)) {
    throw DomainError.invalid('townshipCode', `townshipCode ${String(township)} is not in the campaign's scope`);
  }
  return township;
}

function sampledCase(state: InspectionState, caseId: unknown, township: string): string {
  const sampled = state.draw?.sample.find((s) => s.caseId === caseId);
  if (!sampled) throw DomainError.invalid('caseId', `case ${String(caseId)} is not in the campaign's sample`);
  if (sampled.townshipCode !== township) throw DomainError.invalid('townshipCode', `case ${sampled.caseId} is in township ${sampled.townshipCode}`);
  return sampled.caseId;
}

function visitDate(value: unknown, state: InspectionState, today: string): string {
  const date = dateField(value, 'visitedOn');
  if (date > today) throw DomainError.invalid('visitedOn', `visitedOn ${date} is in the future`);
  const period = state.scope?.period;
  if (period && (date < period.from || date > period.to)) {
    throw DomainError.invalid('visitedOn', `visitedOn ${date} is outside the campaign's period ${period.from}–${period.to}`);
  }
  return date;
}

/** The actor as an inspector of this campaign: an inspecting role over the campaign's unit. */
function inspector(command: Command, state: InspectionState): ActedBy {
  return acting(command, INSPECTING_ROLES, state.unit, 'act in this campaign');
}

function acting(command: Command, roles: readonly Role[], over: string, what: string): ActedBy {
  const by = actingAs(command, roles, what);
  if (!withinJurisdiction(by.unit, over)) {
    throw DomainError.forbidden('outside-jurisdiction', `unit ${by.unit} has no jurisdiction over ${over}`, { unit: by.unit, over });
  }
  return by;
}

function actingAs(command: Command, roles: readonly Role[], what: string): ActedBy {
  const { actor } = command.metadata;
  if (!(roles as readonly string[]).includes(actor.role)) {
    throw DomainError.forbidden('role-not-allowed', `a ${actor.role} may not ${what}; allowed: ${roles.join(', ')}`, { role: actor.role });
  }
  return { officialId: actor.id, role: actor.role, unit: actor.unit };
}

