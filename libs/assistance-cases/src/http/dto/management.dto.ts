import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { REVIEW_CLASSES, type ReviewClass } from '../../case-management.policy';
import { TERMINATION_GROUNDS } from '../../case-management.values';
import type { IncomeByCategory } from '../../case.values';
import { AssetsDto, MemberDto } from './application.dto';
import { IsIncomeByCategory } from './income.validator';
import { ObjectionPersonalDto } from './investigation.dto';

/**
 * Bodies of the routes after approval: shapes only. The rules (who, when, from which month, what
 * amount) are the decider's; the delegation and the standard are found by the server.
 */

const DATE = { strict: true, strictSeparator: true } as const;

type CommandGround = (typeof TERMINATION_GROUNDS)[number];

export class ReasonsDto {
  @ApiProperty({ type: [String], example: ['家庭成员已就业，收入超过低保标准'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  reasons!: string[];
}

export class ClassifyCaseDto extends ReasonsDto {
  @ApiProperty({ enum: REVIEW_CLASSES, description: 'stable: yearly review; the others half-yearly (低保 Art. 31)' })
  @IsIn(REVIEW_CLASSES)
  reviewClass!: ReviewClass;
}

export class ReviewDto {
  @ApiProperty({ example: '2021-04-12' })
  @IsISO8601(DATE)
  reviewedOn!: string;

  @ApiProperty({ enum: ['unchanged', 'change-needed'] })
  @IsIn(['unchanged', 'change-needed'])
  outcome!: 'unchanged' | 'change-needed';

  @ApiProperty({ example: '家庭情况无变化' })
  @IsString()
  @Length(1, 2000)
  findings!: string;

  @ApiPropertyOptional({ description: 'the home visit the review rests on' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  visitId?: string;
}

export class MemberLeftDto {
  @ApiProperty({ description: "the member's index in the case" })
  @IsInt()
  @Min(0)
  memberIndex!: number;

  @ApiProperty({ example: '2021-04-01' })
  @IsISO8601(DATE)
  leftOn!: string;

  @ApiProperty({ example: '迁出户籍' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

/** 低保 Art. 30: changes in members, income or assets. Deaths come from civil registration instead. */
export class HouseholdChangeDto {
  @ApiProperty({ example: '2021-04-12' })
  @IsISO8601(DATE)
  reportedOn!: string;

  @ApiProperty({ enum: ['household', 'staff', 'data-check'] })
  @IsIn(['household', 'staff', 'data-check'])
  source!: 'household' | 'staff' | 'data-check';

  @ApiProperty({ example: '户主在镇上企业就业，月工资1200元' })
  @IsString()
  @Length(1, 2000)
  summary!: string;

  @ApiPropertyOptional({ type: [MemberDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => MemberDto)
  membersJoined?: MemberDto[];

  @ApiPropertyOptional({ type: [MemberLeftDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => MemberLeftDto)
  membersLeft?: MemberLeftDto[];

  @ApiPropertyOptional({ description: "the household's whole monthly income now, by source (分)", example: { wages: 150000 } })
  @IsOptional()
  @IsIncomeByCategory()
  monthlyIncomeFen?: IncomeByCategory;

  @ApiPropertyOptional({ type: AssetsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AssetsDto)
  assets?: AssetsDto;
}

/** 增发/减发/停发: the amount is computed from the case and the standard in force, never sent. */
export class AmountChangeDto extends ReasonsDto {
  @ApiPropertyOptional({ description: 'rigid expenditure deducted (分); defaults to the decision in force' })
  @IsOptional()
  @IsInt()
  @Min(0)
  deductibleExpenditureFen?: number;
}

export class GradualExitDto extends ReasonsDto {}

export class JobOfferRefusedDto {
  @ApiProperty()
  @IsInt()
  @Min(0)
  memberIndex!: number;

  @ApiProperty({ example: '2021-04-12' })
  @IsISO8601(DATE)
  offeredOn!: string;

  @ApiProperty({ example: '镇劳动保障所推荐：物业保洁岗位' })
  @IsString()
  @Length(1, 500)
  offer!: string;
}

export class JobOfferAcceptedDto {
  @ApiProperty()
  @IsInt()
  @Min(0)
  memberIndex!: number;

  @ApiProperty({ example: '2021-04-12' })
  @IsISO8601(DATE)
  acceptedOn!: string;

  @ApiProperty({ example: '物业保洁岗位' })
  @IsString()
  @Length(1, 500)
  offer!: string;
}

export class SuspensionDto extends ReasonsDto {
  @ApiPropertyOptional({ description: 'defaults to today; an earlier date reaches back', example: '2021-04-12' })
  @IsOptional()
  @IsISO8601(DATE)
  from?: string;
}

export class ResumptionDto extends ReasonsDto {
  @ApiPropertyOptional({ description: 'the suspension proved unfounded: the withheld months are due (补发)' })
  @IsOptional()
  @IsBoolean()
  backPay?: boolean;
}

/** 特困 Art. 25: the proposed termination and its ground, publicised for 7 days. */
export class TerminationPublicityDto extends ReasonsDto {
  @ApiProperty({ enum: TERMINATION_GROUNDS })
  @IsIn(TERMINATION_GROUNDS)
  ground!: CommandGround;

  @ApiProperty({ example: '村务公开栏' })
  @IsString()
  @Length(1, 200)
  place!: string;

  @ApiPropertyOptional({ example: '2021-04-12' })
  @IsOptional()
  @IsISO8601(DATE)
  from?: string;
}

export class TerminationObjectionDto {
  @ApiProperty({ example: '2021-04-14' })
  @IsISO8601(DATE)
  receivedOn!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  summary!: string;

  @ApiPropertyOptional({ type: ObjectionPersonalDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ObjectionPersonalDto)
  personal?: ObjectionPersonalDto;
}

export class TerminationWithdrawalDto extends ReasonsDto {}

export class TerminationDto extends ReasonsDto {
  @ApiPropertyOptional({ enum: TERMINATION_GROUNDS, description: 'required for 低保; for 特困 the publicised ground' })
  @IsOptional()
  @IsIn(TERMINATION_GROUNDS)
  ground?: CommandGround;
}

export class EntitlementQuery {
  @ApiPropertyOptional({ example: '2021-05', description: 'the month asked about; the current month by default' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a month YYYY-MM' })
  month?: string;
}
