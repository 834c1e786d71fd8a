import { type EventStore, LOG_START } from '@app/ledger';
import { type Finding, RuleSet } from '@app/warnings/engine';
import { LogFold } from '@app/warnings/engine/log-fold';
import { createIntegrityRules, RULE_IDS } from '@app/warnings/rules';
import { readFileSync } from 'node:fs';
import type { TruthEntry } from '../seed/seed-truth';

export interface RuleScore {
  readonly rule: string;
  readonly planted: number;
  readonly raised: number;
  readonly truePositives: number;
  /** null when the rule raised nothing. */
  readonly precision: number | null;
  /** null when nothing was planted for the rule. */
  readonly recall: number | null;
  /** Planted keys the rule did not raise, for the operator to look at. */
  readonly missed: readonly string[];
}

export interface Evaluation {
  readonly events: number;
  readonly now: string;
  readonly scores: readonly RuleScore[];
}

export function readTruth(file: string): TruthEntry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TruthEntry);
}

/**
 * Every integrity rule, with its defaults, over the whole log in a fresh in-memory pass (the
 * engine's own fold and rule set, nothing raised into the ledger), then the time-driven rules
 * ticked once at `now` (default: the time of the last event). A raised finding is a true positive
 * when the truth holds the same rule and key.
 */
export async function evaluateRules(store: EventStore, truth: readonly TruthEntry[], now?: Date): Promise<Evaluation> {
  const fold = new LogFold();
  const rules = new RuleSet(createIntegrityRules());
  const findings: Finding[] = [];
  let events = 0;
  let last = '1970-01-01T00:00:00.000Z';
  for (let from = LOG_START; ; ) {
    const page = await store.readAll({ from, maxCount: 1000 });
    for (const event of page.events) {
      events++;
      last = event.metadata.occurredAt > last ? event.metadata.occurredAt : last;
      const input = fold.apply(event);
      if (rules.handles(event.type)) rules.offer(input, findings);
    }
    from = page.next;
    if (page.isEnd) break;
  }
  const at = now ?? new Date(last);
  rules.tick(at, findings);
  const raised = new Map<string, Set<string>>();
  for (const { rule, finding } of findings) raised.set(rule.id, (raised.get(rule.id) ?? new Set()).add(finding.key));
  const planted = new Map<string, Set<string>>();
  for (const t of truth) planted.set(t.rule, (planted.get(t.rule) ?? new Set()).add(t.key));
  const ids = [...new Set<string>([...RULE_IDS, ...planted.keys()])];
  const scores = ids.map((rule): RuleScore => {
    const p = planted.get(rule) ?? new Set<string>();
    const r = raised.get(rule) ?? new Set<string>();
    const tp = [...r].filter((key) => p.has(key)).length;
    return {
      rule,
      planted: p.size,
      raised: r.size,
      truePositives: tp,
      precision: r.size === 0 ? null : tp / r.size,
      recall: p.size === 0 ? null : tp / p.size,
      missed: [...p].filter((key) => !r.has(key)),
    };
  });
  return { events, now: at.toISOString(), scores };
}

export function scoreTable(evaluation: Evaluation): string {
  const ratio = (x: number | null) => (x === null ? '—' : x.toFixed(3));
  const rows = [
    ['rule', 'planted', 'raised', 'true positives', 'precision', 'recall'],
    ...evaluation.scores.map((s) => [s.rule, `${s.planted}`, `${s.raised}`, `${s.truePositives}`, ratio(s.precision), ratio(s.recall)]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
