import type { Actor } from '@app/ledger/envelope';
import { computeDraw, type PopulationCase } from '../src/inspection-sampling';
import type { InspectionCommand } from '../src/inspection.commands';
import { inspectionDecider } from '../src/inspection.decider';
import type { InspectionEvent } from '../src/inspection.events';
import type { InspectionState } from '../src/inspection.state';

export const COUNTY = '330602';
export const T1 = '330602001';
export const T2 = '330602002';
export const INSPECTOR: Actor = { id: 'jjjc-1', role: 'discipline-inspector', unit: COUNTY };
export const CLERK_T1: Actor = { id: 'clerk-1', role: 'township-approver', unit: T1 };
export const OPENED_AT = '2021-04-01T01:00:00.000Z';
export const ROOT = 'ab'.repeat(32);

type Data<T extends InspectionCommand['type']> = Extract<InspectionCommand, { type: T }>['data'];

export function command<T extends InspectionCommand['type']>(type: T, data: Data<T>, now = OPENED_AT, actor = INSPECTOR): InspectionCommand {
  return { type, data, metadata: { now, actor } } as InspectionCommand;
}

/** Given events, when a command: the events it decides, folded into a running state. */
export class Campaign {
  readonly events: InspectionEvent[] = [];
  state: InspectionState = inspectionDecider.initialState();

  when(c: InspectionCommand): readonly InspectionEvent[] {
    const decided = inspectionDecider.decide(c, this.state);
    for (const e of decided) {
      this.events.push(e);
      this.state = inspectionDecider.evolve(this.state, e);
    }
    return decided;
  }
}

export const population = (n: number, township = T1): PopulationCase[] =>
  Array.from({ length: n }, (_, i) => ({ caseId: `case-${String(i).padStart(3, '0')}`, townshipCode: township, programme: 'dibao' }));

export function opened(sample: { sampleSize?: number; sampleRatio?: number } = { sampleSize: 3 }): Campaign {
  const c = new Campaign();
  c.when(command('OpenCampaign', { campaignId: 'camp-1', title: '2021年低保专项治理', townships: [T1, T2], programmes: ['dibao'], period: { from: '2021-04-01', to: '2021-06-30' }, ...sample }));
  return c;
}

export function head(timestamp = '2021-04-01T01:00:05.000Z', treeSize = 40) {
  return { treeSize, rootHash: ROOT, timestamp, algorithm: 'Ed25519', keyId: 'cd'.repeat(32), signature: 'c2lnbmF0dXJl' };
}

export function drawn(n = 10): Campaign {
  const c = opened();
  const h = head();
  const draw = computeDraw('camp-1', c.state.scope!, h, population(n));
  c.when(command('DrawSample', { treeHead: h, ...draw }, '2021-04-01T02:00:00.000Z'));
  return c;
}
