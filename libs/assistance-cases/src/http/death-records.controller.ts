import { CommandContext, type HttpCommandContext, Roles } from '@app/platform';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { COUNTY_REVIEWER } from '../case.guards';
import { DeathRecordsService, type DeathRecordsResult } from './death-records.service';
import { DeathRecordsDto } from './dto/death-records.dto';

/**
 * Deaths from civil registration (户籍注销, 殡葬). The interface account that sends the files is
 * registered as a county-reviewer of the county (or city) whose cases it feeds: recording a death
 * is a step on each case, which the case's rules allow township staff and the county reviewer,
 * and never an admin (admins manage accounts and configuration, not cases).
 */
@ApiTags('Death records')
@ApiBearerAuth('bearer')
@Controller('death-records')
export class DeathRecordsController {
  constructor(private readonly deaths: DeathRecordsService) {}

  @Post()
  @HttpCode(200)
  @Roles(...COUNTY_REVIEWER)
  @ApiOperation({
    summary: 'record a file of deaths in every case each person belongs to (1 to 1000 records)',
    description:
      'Every ID number is checked first (GB 11643): one invalid number is a 400 naming records[i].idNumber and ' +
      'nothing is recorded. Then each case decides: the death counts until the end of its month, the death of the ' +
      "household's last member ends the case from the month after, and a death known late makes what was paid since " +
      'an overpayment. The answer lists, per record, each matched case as recorded, already-recorded or refused (with ' +
      'the reason, e.g. a case outside the account\'s jurisdiction, or another death date already recorded); a record ' +
      'matching no case has matched 0. Sending the same file again records nothing. Idempotency-Key is not needed ' +
      'and If-Match does not apply.',
  })
  record(@Body() body: DeathRecordsDto, @CommandContext() context: HttpCommandContext): Promise<DeathRecordsResult> {
    return this.deaths.record(context, body);
  }
}
