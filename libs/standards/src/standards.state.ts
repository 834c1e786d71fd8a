import type { Programme, StandardSet } from './standards.events';
import { PROGRAMMES } from './standards.events';

export interface StandardEntry {
  readonly programme: Programme;
  readonly monthlyFen: number;
  readonly effectiveFrom: string;
  readonly document?: string;
  readonly setBy: string;
  /** How many times the standard for this date was set again after the first time. */
  readonly corrections: number;
}

export interface StandardsState {
  /** Undefined until the first standard of the stream is set. */
  readonly region: string | undefined;
  /** Per programme, one entry per effective date, in date order. */
  readonly standards: Readonly<Record<Programme, readonly StandardEntry[]>>;
}

export function initialStandardsState(): StandardsState {
  const standards = Object.fromEntries(PROGRAMMES.map((p) => [p, []])) as unknown as StandardsState['standards'];
  return { region: undefined, standards };
}

export function withStandardSet(state: StandardsState, event: StandardSet): StandardsState {
  const { region, programme, monthlyFen, effectiveFrom, document, setBy } = event.data;
  const current = state.standards[programme];
  const previous = current.find((entry) => entry.effectiveFrom === effectiveFrom);
  const entry: StandardEntry = {
    programme,
    monthlyFen,
    effectiveFrom,
    ...(document === undefined ? {} : { document }),
    setBy,
    corrections: previous ? previous.corrections + 1 : 0,
  };
  const entries = [...current.filter((e) => e.effectiveFrom !== effectiveFrom), entry].sort((a, b) =>
    a.effectiveFrom < b.effectiveFrom ? -1 : 1,
  );
  return { region: state.region ?? region, standards: { ...state.standards, [programme]: entries } };
}
