import { dateInChina } from '@app/calendar';
import type { RecordedEvent } from '@app/ledger/envelope';
import { FINDING_CLASSES, INSPECTION_STREAM_PREFIX, type InspectionEvent } from '@app/inspections/inspection.events';
import type { IntegrityRule, RuleFinding, Severity } from './integrity-rule';
import { ruleHead, step } from './rule-support';

/**
 * 整改逾期: a rectification ordered by a special inspection campaign (专项治理) not reported done
 * by its deadline. Time-driven: `tick(now)` raises every order still outstanding (ordered, or sent
 * back by a verification) on a China date after its dueBy; `evolve` also raises a completion
 * recorded late that no tick saw, so a replay raises the same. One warning per rectification and
 * deadline: key `<campaignId>:<rectificationId>:<dueBy>`. Routed to the township the finding is in.
 *
 * State: per outstanding rectification, its township, deadline, the event that set it and whether
 * it was raised; dropped on close-out (销号).
 */
export const RECTIFICATION_OVERDUE = 'rectification-overdue';

interface Pending {
  readonly campaignId: string;
  readonly township: string;
  readonly findingClass: string;
  readonly dueBy: string;
  readonly orderedBy: string;
  outstanding: boolean;
  raised: boolean;
}

export interface RectificationOverdueState {
  readonly orders: Map<string, Pending>;
}

const HANDLES: readonly InspectionEvent['type'][] = ['RectificationOrdered', 'RectificationCompleted', 'RectificationVerified', 'RectificationClosedOut'];

export function rectificationOverdueRule(severity?: Severity): IntegrityRule<RectificationOverdueState> {
  const finding = (id: string, p: Pending, today: string, evidence: string[]): RuleFinding => {
    const className = FINDING_CLASSES[p.findingClass as keyof typeof FINDING_CLASSES] ?? p.findingClass;
    return {
      key: `${p.campaignId}:${id}:${p.dueBy}`,
      township: p.township,
      evidence,
      summary: `专项治理${p.campaignId}整改事项${id}（${className}）逾期：应于${p.dueBy}前完成整改，截至${today}未完成`,
      details: { campaignId: p.campaignId, rectificationId: id, findingClass: p.findingClass, dueBy: p.dueBy, asOf: today },
    };
  };

  return {
    ...ruleHead(RECTIFICATION_OVERDUE, '专项治理整改逾期', severity ?? 'medium', HANDLES),
    initialState: () => ({ orders: new Map() }),
    evolve(state, input) {
      if (!input.event.streamId.startsWith(INSPECTION_STREAM_PREFIX)) return step(state);
      const event = input.event as RecordedEvent<InspectionEvent>;
      switch (event.type) {
        case 'RectificationOrdered': {
          const d = event.data;
          if (!state.orders.has(d.rectificationId)) {
            state.orders.set(d.rectificationId, {
              campaignId: d.campaignId,
              township: d.townshipCode,
              findingClass: d.findingClass,
              dueBy: d.dueBy,
              orderedBy: event.eventId,
              outstanding: true,
              raised: false,
            });
          }
          return step(state);
        }
        case 'RectificationCompleted': {
          const p = state.orders.get(event.data.rectificationId);
          if (!p) return step(state);
          p.outstanding = false;
          if (!event.data.late || p.raised) return step(state);
          p.raised = true;
          return step(state, [finding(event.data.rectificationId, p, event.data.completedOn, [p.orderedBy, event.eventId])]);
        }
        case 'RectificationVerified': {
          const p = state.orders.get(event.data.rectificationId);
          if (p && !event.data.accepted) p.outstanding = true;
          return step(state);
        }
        case 'RectificationClosedOut':
          state.orders.delete(event.data.rectificationId);
          return step(state);
        default:
          return step(state);
      }
    },
    tick(state, now) {
      const today = dateInChina(now.toISOString());
      const findings: RuleFinding[] = [];
      for (const [id, p] of state.orders) {
        if (p.outstanding && !p.raised && today > p.dueBy) {
          p.raised = true;
          findings.push(finding(id, p, today, [p.orderedBy]));
        }
      }
      return step(state, findings);
    },
  };
}
