import { EVENT_STORE, type EventStore } from '@app/ledger';
import { LedgerModule } from '@app/ledger/ledger.module';
import { type AppConfig, ConfigError, FixedClock, loadConfig, PlatformModule } from '@app/platform';
import { ProjectionsModule } from '@app/projections/nest';
import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEvent, readWholeLog } from '../../ledger/test/fixtures';
import type { RulesEngine } from '../src/engine';
import { RULES_ENGINE, WARNING_DECIDER, WARNING_POLICY, WarningsModule } from '../src/nest';
import type { IntegrityRule } from '../src/rules/integrity-rule';
import { RULE_IDS } from '../src/rules';
import type { WarningDecider } from '../src/warning.decider';
import type { WarningPolicy } from '../src/warning.policy';
import { RULES_ENGINE_ACTOR } from '../src/warning.commands';
import { paidAfterDeath } from './engine-test-rules';

@Module({})
class TestAppModule {
  static forRoot(config: AppConfig, runInProcess: boolean, rules?: readonly IntegrityRule[]): DynamicModule {
    return {
      module: TestAppModule,
      imports: [
        PlatformModule.forRoot(config, { clock: new FixedClock('2021-03-01T02:00:00.000Z') }),
        LedgerModule,
        ProjectionsModule.forRoot({ projections: [], runInProcess }),
        WarningsModule.forRoot({ runInProcess, rules }),
      ],
    };
  }
}

describe('WarningsModule', () => {
  let dir: string;
  let app: INestApplicationContext | undefined;

  const configWith = (policy?: object): AppConfig => {
    const env: Record<string, string> = { LEDGER_DATA_DIR: dir, LEDGER_POLL_INTERVAL_MS: '20' };
    if (policy) {
      const file = join(dir, 'policy.json');
      writeFileSync(file, JSON.stringify(policy));
      env.LEDGER_POLICY_FILE = file;
    }
    return loadConfig(env);
  };
  const boot = async (config: AppConfig, runInProcess: boolean, rules?: readonly IntegrityRule[]) => {
    app = await NestFactory.createApplicationContext(TestAppModule.forRoot(config, runInProcess, rules), {
      logger: false,
      abortOnError: false,
    });
    await app.init();
    return app;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warnings-module-'));
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the engine in process: a finding in the log becomes a warning', async () => {
    const context = await boot(configWith(), true, [paidAfterDeath]);
    const store = context.get<EventStore>(EVENT_STORE);
    const append = (type: string, data: Record<string, unknown>) =>
      store.append('household-1', [newEvent(type, data)], { expectedRevision: 'any', commandId: randomUUID() });
    await append('MemberDeathRecorded', { personId: 'p-1', month: '2021-01' });
    await append('BenefitPaid', { personId: 'p-1', month: '2021-02' });
    const deadline = Date.now() + 5000;
    let raised = 0;
    while (raised === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      raised = (await readWholeLog(store)).filter((event) => event.type === 'WarningRaised').length;
    }
    expect(raised).toBe(1);
    const status = await context.get<RulesEngine>(RULES_ENGINE).status();
    expect(status).toMatchObject({ phase: 'live', rules: 1 });
  });

  it('leaves the engine to another process when told to, and serves the decider either way', async () => {
    const context = await boot(configWith(), false);
    expect((await context.get<RulesEngine>(RULES_ENGINE).status()).phase).toBe('stopped');
    const decider = context.get<WarningDecider>(WARNING_DECIDER);
    expect(typeof decider.decide).toBe('function');
  });

  it('runs every integrity rule by default', async () => {
    const context = await boot(configWith(), false);
    expect(context.get<RulesEngine>(RULES_ENGINE).rules.map((rule) => rule.id)).toEqual([...RULE_IDS]);
  });

  it('takes the warnings section of the policy file for the policy, the engine and the rules', async () => {
    const context = await boot(
      configWith({
        warnings: {
          routing: { medium: 'county' },
          acknowledgeWorkingDays: { county: 3 },
          engine: { tickIntervalMs: 5000 },
          rules: { disabled: ['amount-mismatch'] },
        },
      }),
      false,
    );
    expect(context.get<WarningPolicy>(WARNING_POLICY)).toMatchObject({ routing: { medium: 'county' }, acknowledgeWorkingDays: { county: 3 } });
    expect(context.get<RulesEngine>(RULES_ENGINE).rules).toHaveLength(RULE_IDS.length - 1);
    const decider = context.get<WarningDecider>(WARNING_DECIDER);
    const events = decider.decide(
      {
        type: 'RaiseWarning',
        data: {
          warningId: 'w-1',
          ruleId: 'payment-after-death',
          ruleTitle: '死亡后仍发放',
          severity: 'medium',
          key: 'k',
          township: '330602001',
          caseId: null,
          evidence: ['e-1'],
          summary: 's',
          details: {},
        },
        metadata: { now: '2021-03-01T02:00:00.000Z', actor: RULES_ENGINE_ACTOR },
      },
      decider.initialState(),
    );
    expect(events[1]).toMatchObject({ data: { level: 'county', acknowledgeBy: '2021-03-04T16:00:00.000Z' } });
  });

  it.each([
    [{ warnings: { routing: { medium: 'province' } } }, /routing.medium/],
    [{ warnings: { escalateAfter: 3 } }, /unknown escalateAfter/],
    [{ warnings: { engine: { tickIntervalMs: 1 } } }, /engine.tickIntervalMs/],
    [{ warnings: { rules: { disabled: ['no-such-rule'] } } }, /disabled: unknown.*no-such-rule/],
    [{ warnings: { rules: { calendar: {} } } }, /rules.calendar is set in the calendar section/],
  ])('refuses to start with %j, naming the section', async (policy, message) => {
    const started = boot(configWith(policy), false);
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(/LEDGER_POLICY_FILE \(warnings\)/);
    await expect(started).rejects.toThrow(message);
  });
});
