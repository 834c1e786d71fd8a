import { DomainError } from '@app/ledger/domain';
import type { JsonObject } from '@app/ledger/envelope';
import { unitLevel } from '@app/platform/jurisdiction';
import { SEVERITIES, type Severity } from './rules/integrity-rule';
import type { RaiseWarning } from './warning.commands';
import { ROUTING_LEVELS, type RoutingLevel } from './warning.events';

export const MAX_REASON_LENGTH = 2000;
export const MAX_NOTE_LENGTH = 1000;
export const MAX_SUMMARY_LENGTH = 500;
export const MAX_EVIDENCE_ITEMS = 100;
const MAX_ID_LENGTH = 200;
const MAX_KEY_LENGTH = 500;
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A non-empty string of bounded length, trimmed. */
export function requireText(value: unknown, field: string, maxLength: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0) throw DomainError.invalid(field, `${field} is required`);
  if (text.length > maxLength) throw DomainError.invalid(field, `${field} is longer than ${maxLength} characters`);
  return text;
}

/** null, or a non-empty string of bounded length, trimmed. */
export function optionalText(value: unknown, field: string, maxLength: number): string | null {
  if (value === null || value === undefined) return null;
  return requireText(value, field, maxLength);
}

export function requireWarningId(value: unknown): string {
  const id = requireText(value, 'warningId', MAX_ID_LENGTH);
  if (id !== value || /\s/.test(id)) throw DomainError.invalid('warningId', 'warningId must not contain blanks');
  return id;
}

export function requireLevel(value: unknown, field: string): RoutingLevel {
  if (!(ROUTING_LEVELS as readonly unknown[]).includes(value)) {
    throw DomainError.invalid(field, `${field} must be one of ${ROUTING_LEVELS.join(', ')}`);
  }
  return value as RoutingLevel;
}

/** Evidence items: ledger event ids or document references, each non-empty, no duplicates. */
export function requireEvidence(value: unknown, field: string, min: number): string[] {
  if (!Array.isArray(value)) throw DomainError.invalid(field, `${field} must be a list`);
  if (value.length < min) throw DomainError.invalid(field, `${field} needs at least ${min} item${min === 1 ? '' : 's'}`);
  if (value.length > MAX_EVIDENCE_ITEMS) throw DomainError.invalid(field, `${field} has more than ${MAX_EVIDENCE_ITEMS} items`);
  const items = value.map((item, index) => requireText(item, `${field}[${index}]`, MAX_ID_LENGTH));
  if (new Set(items).size !== items.length) throw DomainError.invalid(field, `${field} lists an item twice`);
  return items;
}

export interface ValidRaise {
  readonly warningId: string;
  readonly ruleId: string;
  readonly ruleTitle: string;
  readonly severity: Severity;
  readonly key: string;
  readonly township: string;
  readonly caseId: string | null;
  readonly evidence: readonly string[];
  readonly summary: string;
  readonly details: JsonObject;
}

export function validateRaise(data: RaiseWarning['data']): ValidRaise {
  const warningId = requireWarningId(data.warningId);
  const ruleId = requireText(data.ruleId, 'ruleId', 100);
  if (!RULE_ID.test(ruleId)) throw DomainError.invalid('ruleId', 'ruleId must be kebab-case');
  if (!(SEVERITIES as readonly unknown[]).includes(data.severity)) {
    throw DomainError.invalid('severity', `severity must be one of ${SEVERITIES.join(', ')}`);
  }
  if (typeof data.township !== 'string' || unitLevel(data.township) !== 'township') {
    throw DomainError.invalid('township', 'township must be a 9-digit township code');
  }
  const details = data.details;
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    throw DomainError.invalid('details', 'details must be an object');
  }
  return {
    warningId,
    ruleId,
    ruleTitle: requireText(data.ruleTitle, 'ruleTitle', 100),
    severity: data.severity,
    key: requireText(data.key, 'key', MAX_KEY_LENGTH),
    township: data.township,
    caseId: data.caseId === null ? null : requireText(data.caseId, 'caseId', MAX_ID_LENGTH),
    evidence: requireEvidence(data.evidence, 'evidence', 1),
    summary: requireText(data.summary, 'summary', MAX_SUMMARY_LENGTH),
    details,
  };
}
