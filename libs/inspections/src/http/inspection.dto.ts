import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { NEGATIVE_BEHAVIOURS, SEVERITIES } from '@app/credit/credit.events';
import { FINDING_CLASS_IDS, INSPECTION_PROGRAMMES, VISIT_MODES } from '../inspection.events';
import { CAMPAIGN_LIST_MAX_PAGE_SIZE } from '../read-models/inspection-campaigns.list';

/** Shapes only; content rules (jurisdiction, scope, deadlines, states) are the decider's. */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CampaignParams {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) id!: string;
}
export class FindingParams extends CampaignParams {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) findingId!: string;
}
export class RectificationParams extends CampaignParams {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) rectificationId!: string;
}

export class PeriodBody {
  @ApiProperty({ example: '2021-04-01' }) @Matches(DATE, { message: 'period.from must be a date YYYY-MM-DD' }) from!: string;
  @ApiProperty({ example: '2021-06-30' }) @Matches(DATE, { message: 'period.to must be a date YYYY-MM-DD' }) to!: string;
}

export class OpenCampaignBody {
  @ApiProperty({ example: '2021年低保专项治理' }) @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @ApiProperty({ example: ['330602001'] })
  @IsArray() @ArrayMinSize(1) @Matches(/^\d{9}$/, { each: true, message: 'townships must be 9-digit township codes' })
  townships!: string[];
  @ApiProperty({ enum: INSPECTION_PROGRAMMES, isArray: true })
  @IsArray() @ArrayMinSize(1) @IsIn(INSPECTION_PROGRAMMES, { each: true, message: `programmes must be among ${INSPECTION_PROGRAMMES.join(', ')}` })
  programmes!: string[];
  @ApiProperty({ type: PeriodBody }) @ValidateNested() @Type(() => PeriodBody) period!: PeriodBody;
  @ApiPropertyOptional({ description: 'how many cases to sample (or sampleRatio)' }) @IsOptional() @IsInt() @Min(1) sampleSize?: number;
  @ApiPropertyOptional({ description: 'share of the population to sample, (0, 1]' }) @IsOptional() @IsNumber() sampleRatio?: number;
}

export class VisitBody {
  @ApiProperty({ enum: VISIT_MODES, description: 'open 明查 / covert 暗访' }) @IsIn(VISIT_MODES, { message: `mode must be one of ${VISIT_MODES.join(', ')}` }) mode!: string;
  @ApiProperty() @Matches(DATE, { message: 'visitedOn must be a date YYYY-MM-DD' }) visitedOn!: string;
  @ApiProperty() @Matches(/^\d{9}$/, { message: 'townshipCode must be a 9-digit township code' }) townshipCode!: string;
  @ApiPropertyOptional({ description: 'a sampled case' }) @IsOptional() @IsString() @MaxLength(100) caseId?: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @IsString({ each: true }) officials!: string[];
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(4000) notes!: string;
}

export class FindingBody {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) visitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) caseId?: string;
  @ApiProperty() @Matches(/^\d{9}$/, { message: 'townshipCode must be a 9-digit township code' }) townshipCode!: string;
  @ApiProperty({ enum: FINDING_CLASS_IDS }) @IsIn(FINDING_CLASS_IDS, { message: `findingClass must be one of ${FINDING_CLASS_IDS.join(', ')}` }) findingClass!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(4000) description!: string;
  @ApiProperty({ type: [String] }) @IsArray() @IsString({ each: true }) responsibleOfficials!: string[];
  @ApiProperty({ description: 'in fen' }) @IsInt({ message: 'amountFen must be a whole number of fen' }) @Min(0) amountFen!: number;
}

export class RecoveryLinkBody {
  @ApiProperty({ description: "a recovery ordered on the finding's case (POST /cases/:caseId/recoveries)" }) @IsString() @MinLength(1) @MaxLength(100) recoveryId!: string;
}

export class RectificationOrderBody {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) requirement!: string;
  @ApiProperty({ example: '2021-04-30' }) @Matches(DATE, { message: 'dueBy must be a date YYYY-MM-DD' }) dueBy!: string;
}

export class CompletionBody {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) description!: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @IsString({ each: true }) evidence!: string[];
}

export class VerificationBody {
  @ApiProperty() @IsBoolean() accepted!: boolean;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) remarks!: string;
}

export class ReportQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
  @ApiPropertyOptional({ description: 'a checkpoint from a command response to wait for' })
  @IsOptional() @Matches(/^[0-9A-Za-z:._-]{1,64}$/, { message: 'waitFor must be a checkpoint' }) waitFor?: string;
}

export class FindingCreditRecordBody {
  @ApiProperty({ description: "the resident ID number the household is keyed by (the credit context's householdIdOf)", example: '330602198001010015' })
  @Matches(/^\d{17}[\dXx]$/, { message: 'idNumber must be an 18-character resident ID number' })
  idNumber!: string;
  @ApiProperty({ enum: NEGATIVE_BEHAVIOURS, description: 'the 失信 behaviour the finding establishes' })
  @IsIn(NEGATIVE_BEHAVIOURS, { message: `behaviour must be one of ${NEGATIVE_BEHAVIOURS.join(', ')}` })
  behaviour!: string;
  @ApiPropertyOptional({ enum: SEVERITIES, description: "the behaviour's default severity when absent" })
  @IsOptional() @IsIn(SEVERITIES, { message: `severity must be one of ${SEVERITIES.join(', ')}` })
  severity?: string;
  @ApiPropertyOptional({ description: 'when the conduct happened; the day the finding was recorded when absent' })
  @IsOptional() @Matches(DATE, { message: 'occurredOn must be a date YYYY-MM-DD' })
  occurredOn?: string;
  @ApiPropertyOptional({ description: "the record's summary; the finding's description when absent" })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(2000)
  summary?: string;
  @ApiPropertyOptional({ type: [String], description: 'provisions cited beyond the policy’s own for the behaviour' })
  @IsOptional() @IsArray() @IsString({ each: true }) @MaxLength(500, { each: true })
  legalBasis?: string[];
}

export class IntegrityFiguresQuery {
  @ApiPropertyOptional({ description: 'county (or city) code; the caller’s unit when absent', example: '330602' })
  @IsOptional() @Matches(/^\d{4}(\d{2})?$/, { message: 'county must be a unit code of 4 or 6 digits' })
  county?: string;
  @ApiPropertyOptional({ description: '9-digit township code, within the county when both are given', example: '330602001' })
  @IsOptional() @Matches(/^\d{9}$/, { message: 'township must be a 9-digit township code' })
  township?: string;
  @ApiPropertyOptional({ description: 'first day counted (inclusive); the start of the ledger when absent' })
  @IsOptional() @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;
  @ApiPropertyOptional({ description: 'last day counted (inclusive), and the day overdue is taken on; today when absent' })
  @IsOptional() @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
  @ApiPropertyOptional({ description: 'a command response’s checkpoint: answer once both read models have passed it' })
  @IsOptional() @Matches(/^[0-9A-Za-z:._-]{1,64}$/, { message: 'waitFor must be a checkpoint' })
  waitFor?: string;
}

export class CampaignListQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: CAMPAIGN_LIST_MAX_PAGE_SIZE, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(CAMPAIGN_LIST_MAX_PAGE_SIZE) pageSize?: number;
  @ApiPropertyOptional({ description: 'a checkpoint from a command response to wait for' })
  @IsOptional() @Matches(/^[0-9A-Za-z:._-]{1,64}$/, { message: 'waitFor must be a checkpoint' }) waitFor?: string;
}
