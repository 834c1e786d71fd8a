import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { SETTLEMENT_OUTCOMES, type SettlementOutcome } from '../../batch.events';

/**
 * Bodies mirror the commands' data, so a field path is the same whether the shape check here or
 * a decider refuses it (`results[3].reason`). Content rules (which results a batch takes, whether
 * a reason is needed, which CPI triggers) are the deciders'.
 */

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class BatchMonthParams {
  @ApiProperty({ description: '9-digit township code', example: '330602001' })
  @Matches(/^\d{9}$/, { message: 'townshipCode must be a 9-digit township code' })
  townshipCode!: string;

  @ApiProperty({ description: 'the month paid, YYYY-MM', example: '2021-04' })
  @Matches(MONTH, { message: 'month must be a month YYYY-MM' })
  month!: string;
}

export class BatchParams {
  @ApiProperty({ description: '`<townshipCode>-<YYYYMM>`, one batch per township and month', example: '330602001-202104' })
  @Matches(/^\d{9}-\d{4}(0[1-9]|1[0-2])$/, { message: 'batchId must be <9-digit township code>-<YYYYMM>' })
  batchId!: string;
}

export class CpiBody {
  @ApiProperty({ description: 'the month the figures were published for', example: '2021-03' })
  @Matches(MONTH, { message: 'cpi.month must be a month YYYY-MM' })
  month!: string;

  @ApiProperty({ description: 'CPI year-on-year rise as a fraction: 0.035 is 3.5 %', example: 0.036 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-0.999999)
  @Max(0.999999)
  cpiYoY!: number;

  @ApiProperty({ description: 'food CPI year-on-year rise as a fraction', example: 0.052 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-0.999999)
  @Max(0.999999)
  foodCpiYoY!: number;
}

export class RunBatchBody {
  @ApiPropertyOptional({
    type: CpiBody,
    description: 'the CPI figures of the month: when they trigger it, the run also pays the 价格临时补贴',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CpiBody)
  cpi?: CpiBody;
}

export class SubmissionBody {
  @ApiProperty({ description: 'the reference of the file sent to the bank', example: 'SXBANK-20210328-001' })
  @IsString()
  @Length(1, 200)
  bankFileRef!: string;
}

export class SettlementResultBody {
  @ApiProperty({ example: 'pay-0197c1a2-2021-04-assistance' })
  @IsString()
  @Length(1, 200)
  paymentId!: string;

  @ApiProperty({ enum: SETTLEMENT_OUTCOMES })
  @IsIn(SETTLEMENT_OUTCOMES, { message: `outcome must be one of ${SETTLEMENT_OUTCOMES.join(', ')}` })
  outcome!: SettlementOutcome;

  @ApiProperty({ description: "the bank's reference for the line", example: 'BK20210402-0001' })
  @IsString()
  @Length(1, 100)
  bankReference!: string;

  @ApiPropertyOptional({ description: 'required for failed and returned, absent when paid', example: '账户已销户' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class SettlementBody {
  @ApiProperty({ type: SettlementResultBody, isArray: true, description: "one bank return file's lines" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20_000)
  @ValidateNested({ each: true })
  @Type(() => SettlementResultBody)
  results!: SettlementResultBody[];
}

export class ClosureBody {
  @ApiPropertyOptional({ description: 'required when closing on reported differences: why the batch may close' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}
