import { Module } from '@nestjs/common';
import { OfficialsController } from './officials.controller';
import { OFFICIALS_POLICY, officialsProviders } from './officials.providers';

/**
 * The officials context over HTTP. Needs CommandHttpModule, PlatformModule and LedgerModule in the
 * app (all global). Its policy is the `officials` section of
 * LEDGER_POLICY_FILE over the defaults (OFFICIALS_POLICY).
 */
@Module({
  controllers: [OfficialsController],
  providers: [...officialsProviders],
  exports: [OFFICIALS_POLICY],
})
export class OfficialsHttpModule {}
