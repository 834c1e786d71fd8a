import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsNumber, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { CaseParams } from './case-params.dto';
import { ReasonsDto } from './management.dto';

/** 追回 and 罚款: the amounts recovered come from the case's overpayments, never from the body. */

const DATE = { strict: true, strictSeparator: true } as const;

export class RecoveryParams extends CaseParams {
  @ApiProperty({ example: '0197c1a2-5b7e-7c3d-9a41-1f2e3d4c5b6b' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, { message: 'recoveryId must be 1 to 64 letters, digits or dashes' })
  recoveryId!: string;
}

export class OrderRecoveryDto extends ReasonsDto {}

export class RepaymentDto {
  @ApiProperty({ description: 'the amount repaid (分)', example: 59000 })
  @IsInt()
  @Min(1)
  amountFen!: number;

  @ApiProperty({ example: '2021-06-10' })
  @IsISO8601(DATE)
  paidOn!: string;

  @ApiPropertyOptional({ example: 'SX-2021-000318' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  receiptRef?: string;
}

/** 暂行办法 Art. 68: 1–3 times the amount obtained, in hundredths; the bounds are the policy's. */
export class FraudFineDto {
  @ApiProperty({ example: 1.5 })
  @IsNumber()
  multiple!: number;

  @ApiProperty({ example: '越民罚〔2021〕3号' })
  @IsString()
  @Length(1, 100)
  decisionRef!: string;
}
