import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, Matches } from 'class-validator';

export class CasePaymentParams {
  @ApiProperty({ example: '0197c1a2-5b7e-7c3d-9a41-1f2e3d4c5b6a' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, { message: 'caseId must be 1 to 64 letters, digits or dashes' })
  caseId!: string;

  @ApiProperty({ example: 'pay-0197c1a2-5b7e-7c3d-9a41-1f2e3d4c5b6a-2021-04-assistance' })
  @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'paymentId must be 1 to 200 printable characters without spaces' })
  paymentId!: string;
}

export class ReissueBody {
  @ApiProperty({ description: 'the open batch of the case’s township that pays the new payment', example: '330602001-202105' })
  @Matches(/^\d{9}-\d{4}(0[1-9]|1[0-2])$/, { message: 'batchId must be <9-digit township code>-<YYYYMM>' })
  batchId!: string;
}

export class CancellationBody {
  @ApiProperty({ type: [String], example: ['户主已于本月迁出本乡镇'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  reasons!: string[];
}
