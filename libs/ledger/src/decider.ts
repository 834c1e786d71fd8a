import type { DomainEvent } from './envelope';

/**
 * A context's rules as plain functions: no clock, no id source, no I/O. Commands carry what the
 * decision needs (the time stamped by the API, minted ids); events carry what happened.
 */
export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** Folds events into state with a decider's evolve. */
export function fold<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
