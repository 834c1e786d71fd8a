import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { FINDING_CLASS_IDS, INSPECTION_PROGRAMMES, VISIT_MODES } from '../inspection.events';

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
