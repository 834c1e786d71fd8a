import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class PaymentLedgerCaseParams {
  @ApiProperty({ example: 'c-0001' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, { message: 'caseId must be 1 to 64 letters, digits or dashes' })
  caseId!: string;
}

export class PaymentLedgerTownshipParams {
  @ApiProperty({ example: '330602001' })
  @Matches(/^\d{9}$/, { message: 'townshipCode must be a township code of 9 digits' })
  townshipCode!: string;

  @ApiProperty({ example: '2021-04' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month!: string;
}

export class PaymentLedgerQuery {
  @ApiPropertyOptional({
    description: "a command response's checkpoint: answer only once the ledger has taken that write (503 with Retry-After otherwise)",
  })
  @IsOptional()
  @Matches(/^[0-9A-Za-z:._-]{1,64}$/, { message: 'waitFor must be a checkpoint' })
  waitFor?: string;
}
