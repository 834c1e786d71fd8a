import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Min } from 'class-validator';

class ReasonsField {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  reasons?: string[];
}

export class SubmitForCountyConfirmationDto extends ReasonsField {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  recommendation!: 'approve' | 'reject';
}

/** The amount of a 低保/特困 approval is computed from the case and the standard, never sent. */
export class ApproveCaseDto {
  @ApiPropertyOptional({ description: '临时救助 only: the one-off amount (分)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  amountFen?: number;
}

export class RejectCaseDto {
  @ApiProperty({ type: [String], example: ['家庭人均收入高于低保标准'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  reasons!: string[];
}

export class ConfirmCaseDto extends ReasonsField {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  outcome!: 'approve' | 'reject';

  @ApiPropertyOptional({ description: '临时救助 only: the one-off amount (分)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  amountFen?: number;
}

export class RejectionNoticeDto {
  @ApiProperty({ example: '2021-03-20' })
  @IsISO8601({ strict: true, strictSeparator: true })
  sentOn!: string;

  @ApiProperty({ enum: ['in-person', 'post', 'electronic'] })
  @IsIn(['in-person', 'post', 'electronic'])
  method!: 'in-person' | 'post' | 'electronic';
}

export class ExtendDeadlineDto {
  @ApiProperty({ example: '核对结果需补充调查' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class EmergencyPaymentDto {
  @ApiProperty({ description: 'the amount paid first (分)' })
  @IsInt()
  @Min(1)
  amountFen!: number;

  @ApiProperty({ example: '火灾致房屋损毁，基本生活困难' })
  @IsString()
  @Length(1, 1000)
  need!: string;
}
