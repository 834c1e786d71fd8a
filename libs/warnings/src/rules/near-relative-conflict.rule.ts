import type { CaseEvent } from '@app/assistance-cases/case.events';
import { unmetCountyVisitGrounds } from '@app/assistance-cases/case.state';
import type { NearRelativeDeclared, NearRelativeWithdrawn } from '@app/officials/officials.events';
import type { RecordedEvent } from '@app/ledger/envelope';
import type { IntegrityRule, RuleFinding, Severity } from './integrity-rule';
import { asCaseInput, type CaseInput, caseTypes, maskIdNumber, presentMembers, ruleHead, step } from './rule-support';

/**
 * 优亲厚友: an official took part in a case of a household in which they declared a near relative
 * (近亲属, by GB 11643 ID number, in the officials register) — as decider (审核确认, 临时救助,
 * amount changes: severity critical) or as investigator (核对, 入户调查, 初审, 定期核查). A
 * declaration made after the official's part is matched back to it. Also: a near-relative case
 * approved without the county's home visit (低保 Art. 20) — registered as one (单独登记备案) and
 * approved before a county visit on or after the registration, or never registered although a
 * member is a declared relative, and approved with no county visit at all.
 * Keys: `<caseId>:<officialId>:decision|investigation`, `<caseId>:county-visit`.
 *
 * State: standing declarations by ID number; per case its township, members' ID numbers (a
 * reference to the case's own list), its registration event and the officials who took part (the
 * first event of each part); the cases each ID number was ever a member of.
 */
export const NEAR_RELATIVE_CONFLICT = 'near-relative-conflict';

type Part = 'decision' | 'investigation';

const RELATION_ZH: Readonly<Record<string, string>> = {
  spouse: '配偶',
  parent: '父母',
  child: '子女',
  sibling: '兄弟姐妹',
  grandparent: '祖父母、外祖父母',
  grandchild: '孙子女、外孙子女',
  'in-law': '姻亲',
  other: '其他近亲属',
};

interface CaseRecord {
  township: string;
  idNumbers: readonly string[];
  registeredBy: string | null;
  /** `${officialId}:${part}` → the first event of that part. */
  readonly parts: Map<string, string>;
}

export interface NearRelativeConflictState {
  /** ID number → officialId → declaration (standing ones only). */
  readonly declarations: Map<string, Map<string, { readonly relation: string; readonly eventId: string }>>;
  readonly cases: Map<string, CaseRecord>;
  readonly personCases: Map<string, string[]>;
}

const DECISIONS = caseTypes('CaseApproved', 'CaseRejected', 'EmergencyAssistanceGranted', 'AmountChanged');
const INVESTIGATIONS = caseTypes(
  'MeansCheckReported',
  'HomeVisitRecorded',
  'PreliminaryOpinionGiven',
  'ReviewRecorded',
);

export function nearRelativeConflictRule(severity: Severity = 'high'): IntegrityRule<NearRelativeConflictState> {
  return {
    ...ruleHead(NEAR_RELATIVE_CONFLICT, '优亲厚友：经办人员参与近亲属案件', severity, [
      ...caseTypes('ApplicationSubmitted', 'NearRelativeCaseRegistered', 'HouseholdChangeReported'),
      ...DECISIONS,
      ...INVESTIGATIONS,
      'NearRelativeDeclared',
      'NearRelativeWithdrawn',
    ]),
    initialState: () => ({ declarations: new Map(), cases: new Map(), personCases: new Map() }),
    evolve(state, input) {
      const event = input.event;
      if (event.type === 'NearRelativeDeclared') {
        return step(state, declared(state, event as RecordedEvent<NearRelativeDeclared>));
      }
      if (event.type === 'NearRelativeWithdrawn') {
        const { officialId, personal } = (event as RecordedEvent<NearRelativeWithdrawn>).data;
        state.declarations.get(personal.idNumber)?.delete(officialId);
        return step(state);
      }
      const c = asCaseInput(input);
      if (c === undefined) return step(state);
      const record = caseRecord(state, c);
      if (c.event.type === 'NearRelativeCaseRegistered') record.registeredBy ??= c.event.eventId;
      const findings = involvement(state, c, record);
      if (c.event.type === 'CaseApproved') findings.push(...countyVisit(state, c, record));
      return step(state, findings);
    },
  };
}

function caseRecord(state: NearRelativeConflictState, c: CaseInput): CaseRecord {
  const after = c.case.after;
  const record = state.cases.get(c.caseId) ?? {
    township: c.township,
    idNumbers: [],
    registeredBy: null,
    parts: new Map<string, string>(),
  };
  const ids = after.personal.memberIdNumbers;
  for (const id of ids.slice(record.idNumbers.length)) {
    const cases = state.personCases.get(id) ?? [];
    if (!cases.includes(c.caseId)) cases.push(c.caseId);
    state.personCases.set(id, cases);
  }
  record.idNumbers = ids;
  record.township = c.township;
  state.cases.set(c.caseId, record);
  return record;
}

/** The officials an event shows taking part, and in which part. */
interface Taken {
  readonly part: Part;
  readonly officials: readonly string[];
}

function partsOf(event: RecordedEvent<CaseEvent>): Taken | null {
  const actor = event.metadata.actor.id;
  switch (event.type) {
    case 'CaseApproved':
    case 'CaseRejected':
    case 'EmergencyAssistanceGranted':
    case 'AmountChanged':
      return { part: 'decision', officials: unique([event.data.decidedBy.officialId, actor]) };
    case 'HomeVisitRecorded':
      return { part: 'investigation', officials: unique([...event.data.investigatorIds, actor]) };
    case 'MeansCheckReported':
    case 'PreliminaryOpinionGiven':
    case 'ReviewRecorded':
      return { part: 'investigation', officials: [actor] };
    default:
      return null;
  }
}

function involvement(state: NearRelativeConflictState, c: CaseInput, record: CaseRecord): RuleFinding[] {
  const taken = partsOf(c.event);
  if (taken === null) return [];
  const findings: RuleFinding[] = [];
  const present = presentMembers(c.case.after);
  for (const officialId of taken.officials) {
    const key = `${officialId}:${taken.part}`;
    if (!record.parts.has(key)) record.parts.set(key, c.event.eventId);
    for (const member of present) {
      const declaration = state.declarations.get(member.idNumber)?.get(officialId);
      if (declaration === undefined) continue;
      findings.push(
        conflict(c.caseId, record.township, officialId, taken.part, member.idNumber, declaration.relation, [
          declaration.eventId,
          c.event.eventId,
        ]),
      );
      break;
    }
  }
  return findings;
}

/** A new declaration, matched against the parts the official already took in the relative's cases. */
function declared(state: NearRelativeConflictState, event: RecordedEvent<NearRelativeDeclared>): RuleFinding[] {
  const { officialId, personal, relation } = event.data;
  const byOfficial = state.declarations.get(personal.idNumber) ?? new Map();
  byOfficial.set(officialId, { relation, eventId: event.eventId });
  state.declarations.set(personal.idNumber, byOfficial);
  const findings: RuleFinding[] = [];
  for (const caseId of state.personCases.get(personal.idNumber) ?? []) {
    const record = state.cases.get(caseId) as CaseRecord;
    for (const part of ['decision', 'investigation'] as const) {
      const took = record.parts.get(`${officialId}:${part}`);
      if (took === undefined) continue;
      const evidence = [took, event.eventId];
      findings.push(conflict(caseId, record.township, officialId, part, personal.idNumber, relation, evidence));
    }
  }
  return findings;
}

function conflict(
  caseId: string,
  township: string,
  officialId: string,
  part: Part,
  idNumber: string,
  relation: string,
  evidence: readonly string[],
): RuleFinding {
  const role = part === 'decision' ? '审批决定' : '调查核实';
  return {
    key: `${caseId}:${officialId}:${part}`,
    township,
    caseId,
    evidence,
    summary: `经办人员${officialId}参与其已申报近亲属（${RELATION_ZH[relation] ?? relation}）所在家庭案件${caseId}的${role}`,
    details: { officialId, part, relation, member: maskIdNumber(idNumber) },
    ...(part === 'decision' ? { severity: 'critical' as const } : {}),
  };
}

/** An approval of a near-relative case without the county's home visit it requires. */
function countyVisit(state: NearRelativeConflictState, c: CaseInput, record: CaseRecord): RuleFinding[] {
  const before = c.case.before;
  const base = { key: `${c.caseId}:county-visit`, township: record.township, caseId: c.caseId };
  if (before.nearRelative) {
    if (!unmetCountyVisitGrounds(before).includes('near-relative')) return [];
    return [
      {
        ...base,
        evidence: record.registeredBy === null ? [c.event.eventId] : [record.registeredBy, c.event.eventId],
        summary: `单独登记备案的近亲属案件${c.caseId}未经县级入户调查即获批准`,
        details: { registered: true, matchedOfficials: [], members: [] },
      },
    ];
  }
  if (before.visits.some((v) => v.byCounty)) return [];
  const matches = presentMembers(before).flatMap((m) =>
    [...(state.declarations.get(m.idNumber) ?? new Map<string, { relation: string; eventId: string }>())].map(
      ([officialId, d]) => ({ officialId, eventId: d.eventId, member: maskIdNumber(m.idNumber) }),
    ),
  );
  if (matches.length === 0) return [];
  return [
    {
      ...base,
      evidence: [...unique(matches.map((m) => m.eventId)), c.event.eventId],
      summary: `案件${c.caseId}成员系经办人员申报的近亲属，未单独登记备案、未经县级入户调查即获批准`,
      details: {
        registered: false,
        matchedOfficials: unique(matches.map((m) => m.officialId)),
        members: unique(matches.map((m) => m.member)),
      },
    },
  ];
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
