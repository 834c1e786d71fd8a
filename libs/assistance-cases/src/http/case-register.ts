import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/ledger';
import { Inject, Injectable } from '@nestjs/common';
import type { CaseEvent } from '../case.events';
import type { Programme } from '../case.policy';
import { LiveRegister } from './live-register';

export interface RegisteredCase {
  readonly caseId: string;
  readonly townshipCode: string;
  readonly programme: Programme;
  /** Approved and not closed by a rejection or a termination recorded since. */
  readonly approved: boolean;
  readonly closed: boolean;
}

const CASE_STREAM = /^case-(.+)$/;

/**
 * Cases by township and by member ID number, folded from the case streams: the batch runner asks
 * which cases of a township to pay, the death-record import which cases a person belongs to.
 * Eligibility itself is always decided in the case stream, never here.
 */
@Injectable()
export class CaseRegister extends LiveRegister {
  private readonly cases = new Map<string, RegisteredCase>();
  private readonly byTownship = new Map<string, Set<string>>();
  private readonly byMember = new Map<string, Set<string>>();

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, 'case register');
  }

  /** Approved, open cases of a township, in case id order. */
  async payableCases(townshipCode: string): Promise<RegisteredCase[]> {
    await this.caughtUp();
    return [...(this.byTownship.get(townshipCode) ?? [])]
      .sort()
      .map((caseId) => this.cases.get(caseId) as RegisteredCase)
      .filter((c) => c.approved && !c.closed);
  }

  /** Every case, open or not, with this person among its members. */
  async casesOfMember(idNumber: string): Promise<RegisteredCase[]> {
    await this.caughtUp();
    return [...(this.byMember.get(idNumber.toUpperCase()) ?? [])].sort().map((id) => this.cases.get(id) as RegisteredCase);
  }

  protected apply(recorded: RecordedEvent): void {
    const caseId = CASE_STREAM.exec(recorded.streamId)?.[1];
    if (caseId === undefined) return;
    const event = recorded as RecordedEvent<CaseEvent>;
    const current = this.cases.get(caseId);
    switch (event.type) {
      case 'ApplicationSubmitted': {
        // The log is the ledger's whole history: an event of this name that the case context did
        // not write (an import, an older schema) is passed over rather than trusted.
        const { townshipCode, programme, personal } = event.data ?? {};
        if (typeof townshipCode !== 'string' || !Array.isArray(personal?.members)) return;
        this.cases.set(caseId, { caseId, townshipCode, programme, approved: false, closed: false });
        index(this.byTownship, townshipCode, caseId);
        for (const member of personal.members) {
          if (typeof member?.idNumber === 'string') index(this.byMember, member.idNumber.toUpperCase(), caseId);
        }
        return;
      }
      case 'CaseApproved':
        if (current) this.cases.set(caseId, { ...current, approved: true });
        return;
      case 'CaseRejected':
        if (current) this.cases.set(caseId, { ...current, closed: true });
        return;
      default:
        if (current && CLOSING.has(event.type)) this.cases.set(caseId, { ...current, closed: true });
        return;
    }
  }
}

/** Events after which a case is paid no more, whatever else it records later. */
const CLOSING = new Set<string>(['CaseTerminated']);

function index(map: Map<string, Set<string>>, key: string, caseId: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(caseId);
  map.set(key, set);
}
