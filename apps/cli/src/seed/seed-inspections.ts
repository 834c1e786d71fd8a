import { lastDayOf } from '@app/calendar';
import { type TreeHeadSigner } from '@app/integrity/merkle/tree-head';
import {
  computeDraw,
  type InspectionState,
  inspectionDecider,
  inspectionStreamId,
  PopulationFold,
  scanLogPrefix,
} from '@app/inspections';
import type { Decider } from '@app/ledger/decider';
import type { HttpCommandContext } from '@app/platform';
import { campaignMonth, type City, COUNTIES, type Township } from './city-model';
import type { SeedLedger } from './seed-ledger';

type Send = (
  context: HttpCommandContext,
  decider: Decider<never, never, unknown>,
  streamId: string,
  type: string,
  data: object,
  commandId: string,
) => Promise<void>;

const inspector = (county: string): HttpCommandContext => ({
  principal: { sub: `inspector-${county}`, roles: ['discipline-inspector'], unit: county },
});

/** Findings with orders, per campaign: the planted overdue ones plus three done on time. */
const ON_TIME = 3;

export function campaignIdOf(city: City, county: string, month: number): string {
  return `zxzl-${county}-${city.month(month).replace('-', '')}`;
}

export function rectificationIdOf(campaignId: string, k: number): string {
  return `${campaignId}-zg${k + 1}`;
}

/**
 * 专项治理 per county (DOMAIN §8): opened on the 20th of the campaign month, the sample drawn on a
 * tree head the seed signs over the log (the draw is the inspections context's own: population,
 * seed and ranking from inspection-sampling.ts), visits to sampled cases, a finding and a
 * rectification order per visit, due on the 20th of the next month; there the township reports
 * the ordinary ones done on time, the inspectors verify and close them out (销号). The planted ones
 * are never reported done.
 */
export class SeedInspections {
  private readonly decider = inspectionDecider as unknown as Decider<never, never, unknown>;

  constructor(
    private readonly ledger: SeedLedger,
    private readonly city: City,
    private readonly signer: TreeHeadSigner | undefined,
    private readonly send: Send,
    /** Households carrying an anomaly, never visited (one anomaly per household). */
    private readonly planted: ReadonlySet<string>,
  ) {}

  /** The campaign month, or null: no campaigns without a tree-head key or in a run under 3 months. */
  get month(): number | null {
    return this.signer === undefined ? null : campaignMonth(this.city.options.months);
  }

  /** Opens every county's campaign and draws the samples, on one tree head signed after the openings. */
  async openAndDraw(month: number): Promise<void> {
    const signer = this.signer as TreeHeadSigner;
    const day = `${this.city.month(month)}-20`;
    const next = this.city.month(month + 1);
    for (const county of COUNTIES) {
      const campaignId = campaignIdOf(this.city, county.code, month);
      const townships = this.city.townships.filter((t) => t.county === county.code).map((t) => t.code);
      await this.send(inspector(county.code), this.decider, inspectionStreamId(campaignId), 'OpenCampaign', {
        campaignId,
        title: `${county.name}社会救助领域专项治理（${month + 1}月）`,
        townships,
        programmes: ['dibao', 'tekun'],
        period: { from: day, to: lastDayOf(next) },
        sampleSize: this.sampleSize(county.code),
      }, `seed-${campaignId}-open`);
    }
    const first = await this.campaign(campaignIdOf(this.city, COUNTIES[0].code, month));
    const fold = new PopulationFold();
    let folded = false;
    // A resumed run takes the head the first draw rests on; otherwise the log ends with the openings.
    let head = first.draw?.treeHead;
    if (head === undefined) {
      const treeSize = await this.ledger.eventCount();
      const { rootHash } = await scanLogPrefix(this.ledger.store, treeSize, (event) => fold.offer(event));
      folded = true;
      // Signed an hour after the openings, as the notary would on its next round.
      const timestamp = new Date(this.ledger.clock.now().getTime() + 3_600_000).toISOString();
      head = signer.sign({ treeSize, rootHash, timestamp });
    }
    this.ledger.clock.set(head.timestamp);
    for (const county of COUNTIES) {
      const campaignId = campaignIdOf(this.city, county.code, month);
      const state = await this.campaign(campaignId);
      if (state.draw !== null || state.scope === null) continue;
      if (!folded) await scanLogPrefix(this.ledger.store, head.treeSize, (event) => fold.offer(event));
      folded = true;
      const draw = computeDraw(campaignId, state.scope, head, fold.population(state.scope));
      await this.send(inspector(county.code), this.decider, inspectionStreamId(campaignId), 'DrawSample',
        { treeHead: head, ...draw }, `seed-${campaignId}-draw`);
    }
  }

  /** Visits, findings and orders in one township, from the campaign's sample. */
  async inspect(t: Township, month: number): Promise<void> {
    const campaignId = campaignIdOf(this.city, t.county, month);
    const state = await this.campaign(campaignId);
    const visited = this.visited(state, t.county).filter((v) => v.townshipCode === t.code);
    const dueBy = `${this.city.month(month + 1)}-20`;
    for (const v of visited) {
      const rid = rectificationIdOf(campaignId, v.k);
      const ctx = inspector(t.county);
      const stream = inspectionStreamId(campaignId);
      await this.send(ctx, this.decider, stream, 'RecordVisit', {
        visitId: `${rid}-visit`, mode: v.k % 2 === 0 ? 'open' : 'covert', visitedOn: this.ledger.clock.now().toISOString().slice(0, 10),
        townshipCode: t.code, caseId: v.caseId, officials: [`inspector-${t.county}`, `supervisor-${t.county}`], notes: '入户核查家庭经济状况与公示材料',
      }, `seed-${rid}-visit`);
      await this.send(ctx, this.decider, stream, 'RecordFinding', {
        findingId: `${rid}-finding`, visitId: `${rid}-visit`, townshipCode: t.code, findingClass: 'publicity-irregular',
        description: '公示材料未按规定存档', responsibleOfficials: [t.clerks[0]], amountFen: 0,
      }, `seed-${rid}-finding`);
      await this.send(ctx, this.decider, stream, 'OrderRectification', {
        rectificationId: rid, findingId: `${rid}-finding`, requirement: '补齐公示材料并建立台账', dueBy,
      }, `seed-${rid}-order`);
    }
  }

  /** A month later: the ordinary orders reported done on time, verified and closed out. */
  async rectify(t: Township, month: number): Promise<void> {
    const campaignId = campaignIdOf(this.city, t.county, month);
    const state = await this.campaign(campaignId);
    const overdue = this.city.anomalies.overdueRectifications.get(t.county) ?? 0;
    const stream = inspectionStreamId(campaignId);
    for (const v of this.visited(state, t.county)) {
      if (v.townshipCode !== t.code || v.k < overdue) continue;
      const rid = rectificationIdOf(campaignId, v.k);
      const clerk: HttpCommandContext = { principal: { sub: t.clerks[0], roles: ['intake-clerk'], unit: t.code } };
      await this.send(clerk, this.decider, stream, 'CompleteRectification',
        { rectificationId: rid, description: '已补齐公示材料并建立台账', evidence: [`${rid}-ev`] }, `seed-${rid}-complete`);
      await this.send(inspector(t.county), this.decider, stream, 'VerifyRectification',
        { rectificationId: rid, accepted: true, remarks: '经核查已整改到位' }, `seed-${rid}-verify`);
      await this.send(inspector(t.county), this.decider, stream, 'CloseOutRectification', { rectificationId: rid }, `seed-${rid}-close`);
    }
  }

  /** The sampled cases visited, in rank order, skipping households that carry an anomaly. */
  visited(state: InspectionState, county: string): { caseId: string; townshipCode: string; k: number }[] {
    const wanted = (this.city.anomalies.overdueRectifications.get(county) ?? 0) + ON_TIME;
    const sample = state.draw?.sample ?? [];
    return sample
      .filter((s) => !this.planted.has(s.caseId))
      .slice(0, wanted)
      .map((s, k) => ({ caseId: s.caseId, townshipCode: s.townshipCode, k }));
  }

  async campaign(campaignId: string): Promise<InspectionState> {
    const events = await this.ledger.store.readStream(inspectionStreamId(campaignId)).catch(() => []);
    return events.reduce((s, e) => inspectionDecider.evolve(s, e as never), inspectionDecider.initialState());
  }

  private sampleSize(county: string): number {
    return (this.city.anomalies.overdueRectifications.get(county) ?? 0) + ON_TIME + 12;
  }
}
