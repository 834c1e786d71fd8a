import { CommandContext, type CommandResponse, type HttpCommandContext, ID_SOURCE, type IdSource, newAggregateId, Roles } from '@app/platform';
import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TOWNSHIP_STAFF } from '../case.guards';
import { CaseCommands } from './case-commands';
import { CaseInputs } from './case-inputs';
import type { CaseView } from './case.view';
import { SubmitApplicationDto } from './dto/application.dto';
import { CaseParams } from './dto/case-params.dto';
import { DocumentsSuppliedDto, RequestMissingDocumentsDto } from './dto/investigation.dto';

/** 申请 and 受理: an application enters the ledger and is accepted or told what is missing. */
@ApiTags('Cases')
@ApiBearerAuth('bearer')
@Controller('cases')
export class CaseIntakeController {
  constructor(
    private readonly commands: CaseCommands,
    private readonly inputs: CaseInputs,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  @Post()
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({
    summary: 'submit an application (申请); the case id is minted by the server',
    description:
      'Members who are declared near relatives of staff, or a declared relation to staff, make it a near-relative case ' +
      '(单独登记备案) that needs a county home visit before approval. A 诚信 ban in force on a member’s household refuses ' +
      'the application (409 credit-ban-in-force, citing the record and its legal basis); a lower grade may require a county visit.',
  })
  async submit(
    @Body() body: SubmitApplicationDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    const caseId = newAggregateId(context, 'case', this.ids);
    const idNumbers = body.household.members.map((member) => member.personal.idNumber);
    const nearRelativeMatches = await this.inputs.nearRelativeMatches(idNumbers);
    const creditStanding = await this.inputs.creditStanding(idNumbers);
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'SubmitApplication', {
      programme: body.programme,
      ...(body.track === undefined ? {} : { track: body.track }),
      townshipCode: body.townshipCode,
      household: {
        members: body.household.members.map((m) => ({ relation: m.relation, personal: { ...m.personal } })),
        monthlyIncomeFen: { ...body.household.monthlyIncomeFen },
        assets: { ...body.household.assets },
      },
      personal: body.personal.bankAccount === undefined ? {} : { bankAccount: { ...body.personal.bankAccount } },
      honestyPledge: true,
      dataCheckAuthorised: true,
      relatedToStaff: body.relatedToStaff.declared
        ? {
            declared: true,
            staffRole: body.relatedToStaff.staffRole as 'assistance-staff' | 'committee-member',
            relation: body.relatedToStaff.relation as string,
            ...(body.relatedToStaff.personal ? { personal: { ...body.relatedToStaff.personal } } : {}),
          }
        : { declared: false },
      nearRelativeMatches,
      ...(creditStanding === null ? {} : { creditStanding }),
    });
  }

  @Post(':caseId/missing-documents')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({ summary: 'one-time notice of every missing document (一次性告知)' })
  requestDocuments(
    @Param() { caseId }: CaseParams,
    @Body() body: RequestMissingDocumentsDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'RequestMissingDocuments', {
      documents: body.documents.map((d) => ({ code: d.code, description: d.description })),
    });
  }

  @Post(':caseId/documents')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({ summary: 'record documents the applicant supplied' })
  supplyDocuments(
    @Param() { caseId }: CaseParams,
    @Body() body: DocumentsSuppliedDto,
    @CommandContext() context: HttpCommandContext,
  ): Promise<CommandResponse<CaseView>> {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'RecordDocumentsSupplied', { documents: [...body.documents] });
  }

  @Post(':caseId/acceptance')
  @Roles(...TOWNSHIP_STAFF)
  @ApiOperation({ summary: 'accept the application (受理): the working-day deadlines start' })
  accept(@Param() { caseId }: CaseParams, @CommandContext() context: HttpCommandContext): Promise<CommandResponse<CaseView>> {
    return this.commands.run(context, caseId, TOWNSHIP_STAFF, 'AcceptApplication', {});
  }
}
