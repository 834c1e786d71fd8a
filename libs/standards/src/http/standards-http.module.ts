import { Module } from '@nestjs/common';
import { StandardsController } from './standards.controller';
import { STANDARDS_POLICY, standardsProviders } from './standards.providers';
import { StandardsReader } from './standards.reader';

/**
 * The standards context over HTTP, and StandardsReader for contexts that decide with standards.
 * Needs CommandHttpModule, PlatformModule and LedgerModule in the app (all global). Its policy is
 * the `standards` section of LEDGER_POLICY_FILE over the defaults (STANDARDS_POLICY).
 */
@Module({
  controllers: [StandardsController],
  providers: [...standardsProviders, StandardsReader],
  exports: [StandardsReader, STANDARDS_POLICY],
})
export class StandardsHttpModule {}
