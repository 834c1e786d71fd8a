import { describeWithPostgres } from '../../../test/support/postgres';
import { openPostgresHarness } from '../../projections/test/read-model-harness';
import { rulesEngineSuite } from './rules-engine.suite';

describeWithPostgres('PostgreSQL', () => {
  rulesEngineSuite('PostgreSQL', () => openPostgresHarness('rules_engine'));
});
