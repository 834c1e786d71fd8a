import { Module } from '@nestjs/common';
import { DelegationController } from './delegation.controller';
import { DelegationRegisterController } from './delegation-register.controller';
import { DELEGATION_POLICY, delegationProviders } from './delegation.providers';
import { DelegationReader } from './delegation.reader';

/**
 * The delegation context over HTTP, and DelegationReader for decisions taken under delegated
 * power. Needs CommandHttpModule, PlatformModule and LedgerModule in the app (all global). Its policy
 * is the `delegation` section of LEDGER_POLICY_FILE over the defaults (DELEGATION_POLICY). The
 * register across townships reads the `delegation_register` read model (ProjectionsModule, global).
 */
@Module({
  controllers: [DelegationController, DelegationRegisterController],
  providers: [...delegationProviders, DelegationReader],
  exports: [DelegationReader, DELEGATION_POLICY],
})
export class DelegationHttpModule {}
