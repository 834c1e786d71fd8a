import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/ledger';
import type { OfficialsEvent } from '@app/officials';
import { Inject, Injectable } from '@nestjs/common';
import type { NearRelativeMatch } from '../case.commands';
import { LiveRegister } from './live-register';

/**
 * Declared near relatives (近亲属备案) of active officials by resident ID number, folded from the
 * officials' events. Intake asks it which members of a household are related to staff.
 */
@Injectable()
export class NearRelativeRegister extends LiveRegister {
  private readonly relatives = new Map<string, Map<string, string>>();
  private readonly deactivated = new Set<string>();

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, 'near-relative register');
  }

  /** The declared relatives among these ID numbers, as of everything committed until now. */
  async matches(idNumbers: readonly string[]): Promise<NearRelativeMatch[]> {
    await this.caughtUp();
    const found: NearRelativeMatch[] = [];
    for (const idNumber of new Set(idNumbers.map((id) => id.toUpperCase()))) {
      for (const [officialId, relation] of this.relatives.get(idNumber) ?? []) {
        if (!this.deactivated.has(officialId)) found.push({ officialId, relation, memberIdNumber: idNumber });
      }
    }
    return found;
  }

  protected apply(recorded: RecordedEvent): void {
    const event = recorded as RecordedEvent<OfficialsEvent>;
    switch (event.type) {
      case 'NearRelativeDeclared': {
        const { idNumber } = event.data.personal;
        const byOfficial = this.relatives.get(idNumber) ?? new Map<string, string>();
        byOfficial.set(event.data.officialId, event.data.relation);
        this.relatives.set(idNumber, byOfficial);
        return;
      }
      case 'NearRelativeWithdrawn':
        this.relatives.get(event.data.personal.idNumber)?.delete(event.data.officialId);
        return;
      case 'OfficialDeactivated':
        this.deactivated.add(event.data.officialId);
        return;
      default:
        // Registrations, and the events of every other context, change nothing here.
        return;
    }
  }
}
