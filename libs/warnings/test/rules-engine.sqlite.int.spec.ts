import { openSqliteHarness } from '../../projections/test/read-model-harness';
import { rulesEngineSuite } from './rules-engine.suite';

rulesEngineSuite('SQLite', () => openSqliteHarness('rules-engine'));
