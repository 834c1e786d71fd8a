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
  Min,
  ValidateNested,
} from 'class-validator';
import type { IncomeByCategory } from '../../case.values';
import { IsIncomeByCategory } from './income.validator';

const DATE = { strict: true, strictSeparator: true } as const;

export class MissingDocumentDto {
  @ApiProperty({ example: 'household-register' })
  @IsString()
  @Length(1, 60)
  code!: string;

  @ApiProperty({ example: '户口簿复印件' })
  @IsString()
  @Length(1, 300)
  description!: string;
}

/** 一次性告知: every missing document in one notice. */
export class RequestMissingDocumentsDto {
  @ApiProperty({ type: [MissingDocumentDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MissingDocumentDto)
  documents!: MissingDocumentDto[];
}

export class DocumentsSuppliedDto {
  @ApiProperty({ type: [String], example: ['household-register'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  documents!: string[];
}

export class MeansCheckFindingsDto {
  @ApiProperty({ example: { wages: 90000 } })
  @IsIncomeByCategory()
  monthlyIncomeFen!: IncomeByCategory;

  @ApiProperty()
  @IsInt()
  @Min(0)
  financialAssetsFen!: number;

  @ApiProperty()
  @IsInt()
  @Min(0)
  vehicles!: number;

  @ApiProperty()
  @IsInt()
  @Min(0)
  realEstateUnits!: number;

  @ApiProperty()
  @IsInt()
  @Min(0)
  businessRegistrations!: number;

  @ApiProperty()
  @IsBoolean()
  publicPayrollJob!: boolean;

  @ApiProperty()
  @IsBoolean()
  incomeOverLimit!: boolean;
}

/** The 核对 report of the cross-agency data check. */
export class MeansCheckDto {
  @ApiProperty({ example: 'HD-2021-000123' })
  @IsString()
  @Length(1, 60)
  reportRef!: string;

  @ApiProperty({ example: '2021-03-02' })
  @IsISO8601(DATE)
  requestedOn!: string;

  @ApiProperty({ example: '2021-03-04' })
  @IsISO8601(DATE)
  reportedOn!: string;

  @ApiProperty({ type: [String], example: ['户籍', '纳税', '社保', '不动产', '车船'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(40)
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  sourcesChecked!: string[];

  @ApiProperty({ type: MeansCheckFindingsDto })
  @ValidateNested()
  @Type(() => MeansCheckFindingsDto)
  findings!: MeansCheckFindingsDto;
}

/** 入户调查 by at least two staff. */
export class HomeVisitDto {
  @ApiProperty({ example: '2021-03-05' })
  @IsISO8601(DATE)
  visitedOn!: string;

  @ApiProperty({ type: [String], example: ['official-11', 'official-12'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  investigatorIds!: string[];

  @ApiProperty()
  @IsBoolean()
  byCounty!: boolean;

  @ApiProperty({ enum: ['in-person', 'remote'] })
  @IsIn(['in-person', 'remote'])
  mode!: 'in-person' | 'remote';

  @ApiProperty({ example: '家庭成员三人，均在家，住房简陋' })
  @IsString()
  @Length(1, 2000)
  findings!: string;
}

/** 初审: the township's preliminary opinion; the proposal is computed from the case, not sent. */
export class PreliminaryOpinionDto {
  @ApiProperty({ enum: ['eligible', 'ineligible'] })
  @IsIn(['eligible', 'ineligible'])
  opinion!: 'eligible' | 'ineligible';

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  reasons?: string[];

  @ApiPropertyOptional({ example: { wages: 90000 } })
  @IsOptional()
  @IsIncomeByCategory()
  assessedMonthlyIncomeFen?: IncomeByCategory;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  deductibleExpenditureFen?: number;

  @ApiPropertyOptional({ description: '临时救助 only: the proposed one-off amount (分)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  proposedAmountFen?: number;
}

export class StartPublicityDto {
  @ApiPropertyOptional({ example: '2021-03-10' })
  @IsOptional()
  @IsISO8601(DATE)
  from?: string;

  @ApiProperty({ example: '城南村村务公开栏' })
  @IsString()
  @Length(1, 200)
  place!: string;
}

export class ObjectionPersonalDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  objectorName?: string;
}

export class ObjectionDto {
  @ApiProperty({ example: '2021-03-12' })
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

export class ComplaintDto {
  @ApiProperty({ example: '2021-03-15' })
  @IsISO8601(DATE)
  receivedOn!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  summary!: string;
}
