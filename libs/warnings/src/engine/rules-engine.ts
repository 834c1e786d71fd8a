import { hasReached } from '@app/ledger/checkpoint';
import { LOG_START, type RecordedEvent } from '@app/ledger/envelope';
import type { EventStore } from '@app/ledger/event-store.port';
import type { Clock } from '@app/platform/clock';
import type { IdSource } from '@app/platform/ids';
import type { ReadStore } from '@app/projections/read-store.port';
import { bufferTime, concatMap, defer, filter, type Subscription } from 'rxjs';
import type { IntegrityRule } from '../rules/integrity-rule';
import type { WarningDecider } from '../warning.decider';
import { isAcknowledgementOverdue } from '../warning.state';
import {
  createCheckpointTable,
  type EngineCheckpoint,
  loadEngineCheckpoint,
  resetEngineCheckpoint,
  saveEngineCheckpoint,
  START,
} from './engine-checkpoint';
import { LogFold } from './log-fold';
import { type Finding, RuleSet } from './rule-set';
import { DEFAULT_RULES_ENGINE_SETTINGS, type RulesEngineSettings } from './rules-engine.settings';
import { WarningRaiser } from './warning-raiser';
import { RulesEngineStatusBoard, type RulesEngineStatus } from './rules-engine.status';

export interface RulesEngineOptions {
  readonly store: EventStore;
  /** Holds the engine's checkpoint (table rules_engine_checkpoint). */
  readonly readStore: ReadStore;
  readonly decider: WarningDecider;
  readonly rules: readonly IntegrityRule[];
  /** "Now" for raising, ticks and escalation; tests inject a FixedClock. */
  readonly clock: Clock;
  /** Mints event ids (command ids are derived, never minted). */
  readonly ids: IdSource;
  readonly settings?: Partial<RulesEngineSettings>;
  /** Row of the checkpoint table; two engines over one read store need two names. */
  readonly name?: string;
  /** For tests: the n-th warning this engine appends is followed by a crash before the checkpoint. */
  readonly failAfterRaises?: number;
  readonly log?: (message: string) => void;
}

export interface RunReport {
  /** Log events folded. */
  readonly events: number;
  /** Warnings this run appended (replays of earlier raises not counted). */
  readonly raised: number;
}

/**
 * Integrity rules over the live global log (DESIGN §6).
 *
 * - Each event is offered to the rules that handle its type, with the case before and after it
 *   for `case-<id>` events (folded here with the case context's evolve).
 * - A finding becomes RaiseWarning on `warning-<id>`, id = UUIDv5(rule id, finding key), command id
 *   derived from the warning id: the command path appends it at most once, ever.
 * - The checkpoint (read store, rules_engine_checkpoint) is saved only after the batch's warnings
 *   are appended. At start the rules' state is rebuilt by folding the log up to the checkpoint
 *   without raising; then events after it are folded and raised. A crash between raising and
 *   saving replays the batch, and the derived ids make the second raise append nothing.
 * - When the rule set changes (ids stored beside the checkpoint), the whole log is replayed with
 *   raising, so a new rule also judges the past; the old rules' warnings already exist.
 * - Timers: rules' tick(now) every tickIntervalMs, and escalation of warnings unacknowledged past
 *   their deadline every escalationIntervalMs, both by the injected clock. Every step runs one at a
 *   time, so the rules' state is never touched by two at once.
 */
export class RulesEngine {
  private readonly settings: RulesEngineSettings;
  private readonly ruleSet: RuleSet;
  private readonly fold = new LogFold();
  private readonly board = new RulesEngineStatusBoard();
  private readonly name: string;
  /** Where the folded state stands (in memory); saved is what the read store holds. */
  private at: EngineCheckpoint = START;
  private initialized = false;
  private chain: Promise<unknown> = Promise.resolve();
  private subscription: Subscription | undefined;
  private timers: NodeJS.Timeout[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private running = false;
  /** Lets a long catch-up end between pages when the process shuts down. */
  private stopRequested = false;
  private readonly raiser: WarningRaiser;

  constructor(private readonly options: RulesEngineOptions) {
    this.settings = { ...DEFAULT_RULES_ENGINE_SETTINGS, ...options.settings };
    this.ruleSet = new RuleSet(options.rules);
    this.name = options.name ?? 'rules-engine';
    this.raiser = new WarningRaiser({
      store: options.store,
      decider: options.decider,
      ids: options.ids,
      board: this.board,
      concurrency: this.settings.raiseConcurrency,
      failAfterRaises: options.failAfterRaises,
      log: options.log,
    });
  }

  get rules(): readonly IntegrityRule[] {
    return this.ruleSet.rules;
  }

  /**
   * Rebuilds the state, catches up with the log (raising), then follows it live with the timers on.
   * Resolves once caught up and following; a failure is reported in status() and retried later.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stopRequested = false;
    try {
      await this.runOnce();
    } catch (error) {
      if (this.running) this.fail(error);
      return;
    }
    if (!this.running) return;
    this.follow();
    this.timers = [
      setInterval(() => void this.tick().catch((error: unknown) => this.fail(error)), this.settings.tickIntervalMs),
      setInterval(() => void this.escalateDue().catch((error: unknown) => this.fail(error)), this.settings.escalationIntervalMs),
    ];
    for (const timer of this.timers) timer.unref?.();
  }

  /** Stops following and the timers; a step in flight finishes first. The stores stay open. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopRequested = true;
    clearTimeout(this.restartTimer);
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    await this.chain.catch(() => undefined);
    if (this.board.phase !== 'failed') this.board.phase = 'stopped';
  }

  /**
   * Folds and raises everything the log holds after the checkpoint, now, then returns: the
   * deterministic way to drive the engine (tests, the benchmark). Rebuilds first if needed.
   */
  runOnce(): Promise<RunReport> {
    return this.serial(async () => {
      await this.ensureInitialized();
      this.board.phase = 'catching-up';
      let events = 0;
      let raised = 0;
      for (;;) {
        const page = await this.options.store.readAll({ from: this.at.checkpoint, maxCount: this.settings.batchSize });
        const report = page.events.length > 0 ? await this.process(page.events) : { events: 0, raised: 0 };
        events += report.events;
        raised += report.raised;
        // At the end, unless this batch appended warnings of its own: those are folded too.
        if ((page.isEnd && report.raised === 0) || this.stopRequested) break;
      }
      this.board.phase = this.running ? 'live' : 'stopped';
      return { events, raised };
    });
  }

  /** Asks the time-driven rules what is due at `now` (the clock's by default) and raises it. */
  tick(now: Date = this.options.clock.now()): Promise<number> {
    return this.serial(async () => {
      await this.ensureInitialized();
      const findings: Finding[] = [];
      this.ruleSet.tick(now, findings);
      this.board.lastTickAt = now.toISOString();
      return this.raiser.raiseAll(findings, now.toISOString());
    });
  }

  /**
   * Escalates every open warning whose acknowledgement is overdue at `now` (by the state the engine
   * has folded); the decider, reading the stream itself, decides nothing for one acknowledged or
   * moved meanwhile. Returns how many escalations were appended.
   */
  escalateDue(now: Date = this.options.clock.now()): Promise<number> {
    return this.serial(async () => {
      await this.ensureInitialized();
      const at = now.toISOString();
      let escalated = 0;
      for (const warning of [...this.fold.openWarnings.values()]) {
        if (isAcknowledgementOverdue(warning, at) && (await this.raiser.escalate(warning, at))) escalated++;
      }
      this.board.escalations += escalated;
      this.board.lastEscalationRunAt = at;
      return escalated;
    });
  }

  /** Forgets the saved checkpoint: the next start replays the whole log (raising nothing twice). */
  async resetCheckpoint(): Promise<void> {
    await this.serial(async () => {
      await createCheckpointTable(this.options.readStore);
      await resetEngineCheckpoint(this.options.readStore, this.name);
      this.initialized = false;
    });
  }

  /** Checkpoint, lag behind the head, warnings raised and escalated, open warnings, rule errors. */
  async status(): Promise<RulesEngineStatus> {
    const head = await this.options.store.head();
    return this.board.snapshot({
      at: this.at,
      head,
      openWarnings: this.fold.openWarnings.size,
      warningsInLog: this.fold.raised,
      rules: this.ruleSet.rules.length,
      ruleErrors: this.ruleSet.errorStatus(),
    });
  }

  /** Follows the log from where the state stands: events are taken in batches (bufferTime) and folded one batch at a time. */
  private follow(): void {
    const { batchMaxMs, batchSize } = this.settings;
    this.subscription = defer(() => this.options.store.subscribe({ from: this.at.checkpoint, pageSize: batchSize }))
      .pipe(
        bufferTime(batchMaxMs, null, batchSize),
        filter((batch) => batch.length > 0),
        concatMap((batch) => this.serial(() => this.process(batch))),
      )
      .subscribe({ error: (error: unknown) => this.fail(error) });
    this.board.phase = 'live';
  }

  /** A failure (a store outage, an injected crash): state is rebuilt from the saved checkpoint, later. */
  private fail(error: unknown): void {
    this.initialized = false;
    this.board.phase = 'failed';
    this.board.error = error instanceof Error ? error.message : String(error);
    this.options.log?.(`rules engine failed: ${this.board.error}`);
    if (!this.running) return;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.running = false;
    this.restartTimer = setTimeout(() => {
      this.board.restarts++;
      void this.start();
    }, this.settings.restartDelayMs);
    this.restartTimer.unref?.();
  }

  private async ensureInitialized(): Promise<void> {
    if (this.initialized) return;
    this.board.phase = 'rebuilding';
    const { readStore } = this.options;
    await createCheckpointTable(readStore);
    const saved = await loadEngineCheckpoint(readStore, this.name);
    const fingerprint = this.ruleSet.fingerprint;
    const target = saved && saved.ruleSet === fingerprint ? saved : { ...START, ruleSet: fingerprint };
    if (saved && saved.ruleSet !== fingerprint) {
      this.options.log?.(`the rule set changed (${saved.ruleSet} → ${fingerprint}): replaying the whole log`);
    }
    this.fold.reset();
    this.ruleSet.reset();
    this.at = { ...START, ruleSet: fingerprint };
    // State only: everything up to the checkpoint was raised before the checkpoint was saved.
    while (this.at.checkpoint !== target.checkpoint) {
      if (this.stopRequested) throw new Error('the rules engine was stopped while rebuilding');
      const page = await this.options.store.readAll({ from: this.at.checkpoint, maxCount: 1000 });
      for (const event of page.events) {
        if (!hasReached(target.checkpoint, event.checkpoint)) break;
        this.foldEvent(event, undefined);
        this.at = { ...this.at, checkpoint: event.checkpoint, position: this.at.position + 1 };
      }
      if (page.isEnd || page.events.length === 0 || !hasReached(target.checkpoint, page.next)) break;
    }
    this.at = { ...this.at, checkpoint: target.checkpoint, position: Math.max(this.at.position, target.position) };
    this.initialized = true;
  }

  /** Folds the events not folded yet, raises what they found, then saves the checkpoint. */
  private async process(events: readonly RecordedEvent[]): Promise<RunReport> {
    await this.ensureInitialized();
    const findings: Finding[] = [];
    let folded = 0;
    let at = this.at;
    for (const event of events) {
      // Both runOnce and the live subscription deliver; whichever comes second skips what is done.
      if (at.checkpoint !== LOG_START && hasReached(at.checkpoint, event.checkpoint)) continue;
      this.foldEvent(event, findings);
      at = { ...at, checkpoint: event.checkpoint, position: at.position + 1 };
      folded++;
    }
    // From here on the folded state is ahead of the saved checkpoint: any failure means a rebuild.
    this.at = at;
    if (folded === 0) return { events: 0, raised: 0 };
    this.initialized = false;
    const raised = await this.raiser.raiseAll(findings, this.options.clock.now().toISOString());
    await saveEngineCheckpoint(this.options.readStore, this.name, at, this.options.clock.now().toISOString());
    this.initialized = true;
    this.board.eventsProcessed += folded;
    return { events: folded, raised };
  }

  private foldEvent(event: RecordedEvent, findings: Finding[] | undefined): void {
    const input = this.fold.apply(event);
    if (this.ruleSet.handles(event.type)) this.ruleSet.offer(input, findings ?? []);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.chain.then(work);
    this.chain = result.catch(() => undefined);
    return result;
  }
}
