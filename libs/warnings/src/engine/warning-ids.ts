import { v5 as uuidv5 } from 'uuid';
import type { RoutingLevel } from '../warning.events';

/** Namespace of warning ids (fixed, random): a warning id is UUIDv5 of the rule id and the finding key. */
export const WARNING_ID_NAMESPACE = '1e61146f-d29f-49d0-b453-10cdcd2c9a4c';

/** Namespace of the command ids the engine issues, so that a replayed command appends nothing. */
export const ENGINE_COMMAND_NAMESPACE = '68812f9b-d379-406e-8fba-94232495703b';

/**
 * The warning's identity: the same rule finding the same key is the same warning, however often
 * the log is replayed. JSON keeps `a` + `b-c` apart from `a-b` + `c`.
 */
export function warningIdOf(ruleId: string, key: string): string {
  return uuidv5(JSON.stringify([ruleId, key]), WARNING_ID_NAMESPACE);
}

export function raiseCommandIdOf(warningId: string): string {
  return uuidv5(JSON.stringify(['raise', warningId]), ENGINE_COMMAND_NAMESPACE);
}

/**
 * One escalation per stay at a level: the level and the instant it got there. A warning sent back
 * down and left unacknowledged again escalates again, under a new id.
 */
export function escalationCommandIdOf(warningId: string, from: RoutingLevel, routedAt: string): string {
  return uuidv5(JSON.stringify(['escalate-unacknowledged', warningId, from, routedAt]), ENGINE_COMMAND_NAMESPACE);
}
