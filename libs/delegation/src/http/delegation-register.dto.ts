import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateBy } from 'class-validator';
import { type Programme, PROGRAMMES } from '../delegation.events';
import { isCalendarDate } from '../delegation.time';
import { DELEGATION_REGISTER_MAX_PAGE_SIZE, REGISTER_STATUSES, type RegisterStatus } from '../read-models/delegation-register.query';

export class DelegationRegisterQuery {
  @ApiPropertyOptional({ description: 'the local (China) date asked about; today when absent', example: '2025-03-10' })
  @IsOptional()
  @ValidateBy({
    name: 'calendarDate',
    validator: {
      validate: isCalendarDate,
      defaultMessage: () => 'date must be a calendar date YYYY-MM-DD, e.g. 2025-03-10',
    },
  })
  date?: string;

  @ApiPropertyOptional({ description: '9-digit township code', example: '330602001' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'township must be a 9-digit township code' })
  township?: string;

  @ApiPropertyOptional({ description: '6-digit county code', example: '330602' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'county must be a 6-digit county code' })
  county?: string;

  @ApiPropertyOptional({ enum: PROGRAMMES, description: 'only grants that delegate this programme' })
  @IsOptional()
  @IsIn(PROGRAMMES, { message: `programme must be one of ${PROGRAMMES.join(', ')}` })
  programme?: Programme;

  @ApiPropertyOptional({ enum: REGISTER_STATUSES, description: 'only grants with this status on the date' })
  @IsOptional()
  @IsIn(REGISTER_STATUSES, { message: `status must be one of ${REGISTER_STATUSES.join(', ')}` })
  status?: RegisterStatus;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number from 1' })
  @Min(1, { message: 'page must be a whole number from 1' })
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: DELEGATION_REGISTER_MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `pageSize must be a whole number from 1 to ${DELEGATION_REGISTER_MAX_PAGE_SIZE}` })
  @Min(1, { message: `pageSize must be a whole number from 1 to ${DELEGATION_REGISTER_MAX_PAGE_SIZE}` })
  @Max(DELEGATION_REGISTER_MAX_PAGE_SIZE, {
    message: `pageSize must be a whole number from 1 to ${DELEGATION_REGISTER_MAX_PAGE_SIZE}`,
  })
  pageSize?: number;

  @ApiPropertyOptional({
    description: "a command response's checkpoint: answer only once the register has taken that write (503 with Retry-After otherwise)",
  })
  @IsOptional()
  @Matches(/^[0-9A-Za-z:._-]{1,64}$/, { message: 'waitFor must be a checkpoint' })
  waitFor?: string;
}
