import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PROGRAMMES, type Programme, TEMPORARY_TRACKS, type TemporaryTrack } from '../../case.policy';
import { type IncomeByCategory, RELATIONS, type Relation } from '../../case.values';
import { IsIncomeByCategory } from './income.validator';

export class MemberPersonalDto {
  @ApiProperty({ example: '张三' })
  @IsString()
  @Length(1, 100)
  name!: string;

  /** Checked against GB 11643 by the case's rules, which name the member on error. */
  @ApiProperty({ example: '11010519491231002X' })
  @IsString()
  @Length(1, 32)
  idNumber!: string;
}

export class MemberDto {
  @ApiProperty({ enum: RELATIONS })
  @IsIn(RELATIONS)
  relation!: Relation;

  @ApiProperty({ type: MemberPersonalDto })
  @ValidateNested()
  @Type(() => MemberPersonalDto)
  personal!: MemberPersonalDto;
}

export class AssetsDto {
  @ApiProperty({ description: 'deposits, securities, funds, insurance, claims, internet finance (分)' })
  @IsInt()
  @Min(0)
  financialFen!: number;

  @ApiProperty()
  @IsInt()
  @Min(0)
  vehicles!: number;

  @ApiProperty()
  @IsInt()
  @Min(0)
  realEstateUnits!: number;
}

export class HouseholdDto {
  @ApiProperty({ type: [MemberDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => MemberDto)
  members!: MemberDto[];

  @ApiProperty({ description: 'monthly income by category, in 分', example: { wages: 90000 } })
  @IsIncomeByCategory()
  monthlyIncomeFen!: IncomeByCategory;

  @ApiProperty({ type: AssetsDto })
  @ValidateNested()
  @Type(() => AssetsDto)
  assets!: AssetsDto;
}

export class BankAccountDto {
  @ApiProperty({ example: '绍兴银行' })
  @IsString()
  @Length(1, 100)
  bankName!: string;

  @ApiProperty({ example: '6222021234567890123' })
  @IsString()
  @Length(1, 40)
  accountNumber!: string;
}

export class ApplicationPersonalDto {
  @ApiPropertyOptional({ type: BankAccountDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BankAccountDto)
  bankAccount?: BankAccountDto;
}

export class StaffPersonalDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  staffName?: string;
}

/** The applicant's own statement of a relation to 低保 staff or a village/community committee member. */
export class StaffRelationDto {
  @ApiProperty()
  @IsBoolean()
  declared!: boolean;

  @ApiPropertyOptional({ enum: ['assistance-staff', 'committee-member'] })
  @ValidateIf((o: StaffRelationDto) => o.declared === true)
  @IsIn(['assistance-staff', 'committee-member'])
  staffRole?: 'assistance-staff' | 'committee-member';

  @ApiPropertyOptional({ example: '配偶' })
  @ValidateIf((o: StaffRelationDto) => o.declared === true)
  @IsString()
  @Length(1, 50)
  relation?: string;

  @ApiPropertyOptional({ type: StaffPersonalDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => StaffPersonalDto)
  personal?: StaffPersonalDto;
}

export class SubmitApplicationDto {
  @ApiProperty({ enum: PROGRAMMES })
  @IsIn(PROGRAMMES)
  programme!: Programme;

  @ApiPropertyOptional({ enum: TEMPORARY_TRACKS })
  @IsOptional()
  @IsIn(TEMPORARY_TRACKS)
  track?: TemporaryTrack;

  @ApiProperty({ example: '330602001' })
  @Matches(/^\d{9}$/, { message: 'townshipCode must be a 9-digit township code' })
  townshipCode!: string;

  @ApiProperty({ type: HouseholdDto })
  @ValidateNested()
  @Type(() => HouseholdDto)
  household!: HouseholdDto;

  @ApiProperty({ type: ApplicationPersonalDto })
  @ValidateNested()
  @Type(() => ApplicationPersonalDto)
  personal!: ApplicationPersonalDto;

  @ApiProperty({ description: '诚信承诺: the signed honesty pledge', enum: [true] })
  @Equals(true, { message: 'honestyPledge must be true: an application needs the signed honesty pledge' })
  honestyPledge!: true;

  @ApiProperty({ description: 'authorisation of the data checks (核对)', enum: [true] })
  @Equals(true, { message: 'dataCheckAuthorised must be true: an application needs the authorisation of data checks' })
  dataCheckAuthorised!: true;

  @ApiProperty({ type: StaffRelationDto })
  @ValidateNested()
  @Type(() => StaffRelationDto)
  relatedToStaff!: StaffRelationDto;
}
