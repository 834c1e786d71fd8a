import { actingRole, type Clock, CLOCK, CommandExecutor, type CommandResponse, type HttpCommandContext, type Role } from '@app/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { CaseCommand, CaseCommandType } from '../case.commands';
import { caseStreamIdOf } from './case-inputs';
import { type CaseView, toCaseView } from './case.view';
import type { CasePolicy } from '../case.policy';
import { CASE_DECIDER, CASE_POLICY, type CaseDecider } from './cases.providers';

type DataOf<T extends CaseCommandType> = Omit<Extract<CaseCommand, { type: T }>['data'], 'caseId'>;

/** Runs one case command through the ledger's command path under the first allowed role held. */
@Injectable()
export class CaseCommands {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(CASE_DECIDER) private readonly decider: CaseDecider,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CASE_POLICY) private readonly policy: CasePolicy,
  ) {}

  run<T extends CaseCommandType>(
    context: HttpCommandContext,
    caseId: string,
    allowed: readonly Role[],
    type: T,
    data: DataOf<T>,
    delegationId?: string,
  ): Promise<CommandResponse<CaseView>> {
    return this.executor.run({
      context,
      decider: this.decider,
      streamId: caseStreamIdOf(caseId),
      role: actingRole(context.principal, allowed),
      type,
      // DataOf<T> already ties the data to the command type at every call site; TypeScript cannot
      // follow a generic T through the union's Extract, hence the cast.
      data: { caseId, ...data } as never,
      ...(delegationId === undefined ? {} : { delegationId }),
      view: (state) => toCaseView(state, this.clock.now().toISOString(), this.policy),
    });
  }
}
