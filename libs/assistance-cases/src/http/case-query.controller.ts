import { type Clock, CLOCK, CommandExecutor, CurrentPrincipal, type Principal, type StateResponse } from '@app/platform';
import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { assertWithin } from './case-access';
import { caseStreamIdOf } from './case-inputs';
import { type CaseView, toCaseView } from './case.view';
import type { CasePolicy } from '../case.policy';
import { CASE_DECIDER, CASE_POLICY, type CaseDecider } from './cases.providers';
import { CaseParams } from './dto/case-params.dto';

@ApiTags('Cases')
@ApiBearerAuth('bearer')
@Controller('cases')
export class CaseQueryController {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(CASE_DECIDER) private readonly decider: CaseDecider,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CASE_POLICY) private readonly policy: CasePolicy,
  ) {}

  @Get(':caseId')
  @ApiOperation({
    summary: "a case's current state, next action and deadlines; ETag is its revision (send it as If-Match)",
    description: 'Any role, within its jurisdiction: the case of another township or county is a 403.',
  })
  async read(@Param() { caseId }: CaseParams, @CurrentPrincipal() principal: Principal): Promise<StateResponse<CaseView>> {
    const asOf = this.clock.now().toISOString();
    const response = await this.executor.readState({
      decider: this.decider,
      streamId: caseStreamIdOf(caseId),
      view: (state) => toCaseView(state, asOf, this.policy),
    });
    assertWithin(principal, response.state.townshipCode);
    return response;
  }
}
