import { Module } from '@nestjs/common';
import { CreditController } from './credit.controller';
import { CreditListController } from './credit-list.controller';
import { CREDIT_DECIDER, CREDIT_POLICY, creditProviders } from './credit.providers';
import { CreditReader } from './credit.reader';

/**
 * 救助诚信 over HTTP, and CreditReader for intake. Needs CommandHttpModule, PlatformModule,
 * LedgerModule and ProjectionsModule in the app (all global). Its policy is the `credit` section
 * of LEDGER_POLICY_FILE over the defaults (CREDIT_POLICY).
 */
@Module({
  controllers: [CreditController, CreditListController],
  providers: [...creditProviders, CreditReader],
  exports: [CreditReader, CREDIT_POLICY, CREDIT_DECIDER],
})
export class CreditHttpModule {}
