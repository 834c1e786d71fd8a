import { isYearMonth } from '@app/calendar';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, ValidateBy } from 'class-validator';
import { type Programme, PROGRAMMES } from '../standards.events';

const PROGRAMME_MESSAGE = `programme must be one of ${PROGRAMMES.join(', ')}`;

/** A region that holds standards: the stream `standard-<region>`. */
export class StandardRegionParams {
  @ApiProperty({ description: '4-digit city or 6-digit county code', example: '3306' })
  @Matches(/^\d{4}(\d{2})?$/, { message: 'region must be a 4-digit city or 6-digit county code' })
  region!: string;
}

/** Any unit: its standard is its county's own, else its city's. */
export class StandardUnitParams {
  @ApiProperty({ description: '4-digit city, 6-digit county or 9-digit township code', example: '330602001' })
  @Matches(/^\d{4}(\d{2}(\d{3})?)?$/, { message: 'region must be a 4-digit city, 6-digit county or 9-digit township code' })
  region!: string;
}

/** Body of SetStandard; the region is the path's. Content rules (dates, the 特困 ratio) are the decider's. */
export class SetStandardBody {
  @ApiProperty({ enum: PROGRAMMES, example: 'dibao' })
  @IsIn(PROGRAMMES, { message: PROGRAMME_MESSAGE })
  programme!: Programme;

  @ApiProperty({ description: 'per person and month, in fen (850 元 = 85000)', example: 85_000 })
  @IsInt({ message: 'monthlyFen must be a whole number of fen' })
  monthlyFen!: number;

  @ApiProperty({ description: 'first day of the month it takes effect, YYYY-MM-01', example: '2021-01-01' })
  @IsString()
  effectiveFrom!: string;

  @ApiPropertyOptional({ description: 'the enacting document, e.g. its number (文号)', maxLength: 200 })
  @IsOptional()
  @IsString()
  document?: string;
}

export class ListStandardsQuery {
  @ApiPropertyOptional({ enum: PROGRAMMES, description: 'only this programme' })
  @IsOptional()
  @IsIn(PROGRAMMES, { message: PROGRAMME_MESSAGE })
  programme?: Programme;
}

export class StandardInForceQuery {
  @ApiProperty({ enum: PROGRAMMES, example: 'dibao' })
  @IsIn(PROGRAMMES, { message: PROGRAMME_MESSAGE })
  programme!: Programme;

  @ApiProperty({ description: 'the month asked about, YYYY-MM', example: '2021-01' })
  @ValidateBy({
    name: 'yearMonth',
    validator: { validate: isYearMonth, defaultMessage: () => 'month must be a month YYYY-MM' },
  })
  month!: string;
}
