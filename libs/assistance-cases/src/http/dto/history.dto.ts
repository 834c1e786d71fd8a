import { isInstant, isIsoDate } from '@app/calendar';
import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length, ValidateBy } from 'class-validator';

/** A revision (plain digits) or an ISO 8601 instant with an offset. */
export function isAsOf(value: unknown): value is string {
  return typeof value === 'string' && (/^\d{1,15}$/.test(value) || isInstant(value));
}

function AsOf(): PropertyDecorator {
  return ValidateBy({
    name: 'asOf',
    validator: {
      validate: isAsOf,
      defaultMessage: () =>
        'asOf must be a revision (0, 1, ...) or an ISO 8601 instant with an offset, e.g. 2021-03-09T09:00:00+08:00',
    },
  });
}

function IsoDate(field: string): PropertyDecorator {
  return ValidateBy({
    name: 'isoDate',
    validator: { validate: isIsoDate, defaultMessage: () => `${field} must be a date YYYY-MM-DD` },
  });
}

export class CaseHistoryQuery {
  @ApiPropertyOptional({
    description: 'the point in time: a revision (events 0..asOf) or an instant (events recorded at or before it); the whole history when absent',
    example: '12',
  })
  @IsOptional()
  @AsOf()
  asOf?: string;

  @ApiPropertyOptional({
    description: 'why the history is read; required of discipline inspectors and auditors, and recorded in the access log',
    example: '2021年低保专项治理抽查',
  })
  @IsOptional()
  @IsString({ message: 'purpose must be text' })
  @Length(1, 200, { message: 'purpose must be 1 to 200 characters' })
  purpose?: string;
}

export class CaseReadersQuery {
  @ApiProperty({ description: 'first China date of the reads, included', example: '2021-03-01' })
  @IsoDate('from')
  from!: string;

  @ApiProperty({ description: 'last China date of the reads, included; at most 92 days after from', example: '2021-03-31' })
  @IsoDate('to')
  to!: string;
}
