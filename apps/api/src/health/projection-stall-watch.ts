import type { ProjectionState } from '@app/projections';

export interface ProjectionSample {
  readonly name: string;
  readonly state: ProjectionState;
  /** Log events the serving build's checkpoint covers. */
  readonly position: number;
  readonly lag: number;
}

export interface StuckProjection {
  readonly name: string;
  readonly reason: string;
}

/**
 * Tells a stuck projection from a busy one, from what successive readiness probes see. Stuck:
 * state `failed`, or behind the log (lag > 0) with its position unchanged for `stuckAfterMs` — it
 * had events to apply and applied none. A projection that applies more slowly than the log grows
 * still moves and is not stuck; one being rebuilt beside its serving build is exempt (on purpose).
 * The clock starts at the first probe that sees it behind, so detection takes two probes.
 */
export class ProjectionStallWatch {
  private readonly seen = new Map<string, { position: number; since: number }>();

  constructor(private readonly stuckAfterMs: number) {}

  observe(nowMs: number, samples: readonly ProjectionSample[]): StuckProjection[] {
    const stuck: StuckProjection[] = [];
    for (const sample of samples) {
      const before = this.seen.get(sample.name);
      const moved = !before || before.position !== sample.position || sample.lag === 0;
      const since = moved ? nowMs : before.since;
      this.seen.set(sample.name, { position: sample.position, since });
      if (sample.state === 'failed') {
        stuck.push({ name: sample.name, reason: 'failed' });
      } else if (sample.state !== 'rebuilding' && sample.lag > 0 && nowMs - since >= this.stuckAfterMs) {
        stuck.push({
          name: sample.name,
          reason: `${sample.lag} events behind and nothing applied for ${Math.round((nowMs - since) / 1000)} s`,
        });
      }
    }
    return stuck;
  }
}
