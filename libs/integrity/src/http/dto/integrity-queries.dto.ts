import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, Matches, ValidateBy } from 'class-validator';
import { MAX_TREE_HEAD_PAGE } from '../../notary/integrity-log';

/** Query strings arrive as text: only plain digits become numbers, so "1.5", "-1" or "1e3" are refused. */
const digitsToNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;

/** One check and one message per parameter, however the value is wrong. */
function WholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): PropertyDecorator {
  return ValidateBy({
    name: 'wholeNumber',
    validator: {
      validate: (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max,
      defaultMessage: (args) =>
        max === Number.MAX_SAFE_INTEGER
          ? `${args?.property} must be a whole number of ${min} or more`
          : `${args?.property} must be a whole number from ${min} to ${max}`,
    },
  });
}

export class TreeHeadParams {
  @ApiProperty({ description: 'the tree size the head was signed at', example: 1000 })
  @Transform(digitsToNumber)
  @WholeNumber(0)
  size!: number;
}

export class TreeHeadsQuery {
  @ApiPropertyOptional({ description: 'the smallest tree size listed (default 0)', example: 0 })
  @IsOptional()
  @Transform(digitsToNumber)
  @WholeNumber(0)
  fromSize?: number;

  @ApiPropertyOptional({ description: `heads per page, 1 to ${MAX_TREE_HEAD_PAGE} (default 100)`, example: 100 })
  @IsOptional()
  @Transform(digitsToNumber)
  @WholeNumber(1, MAX_TREE_HEAD_PAGE)
  limit?: number;
}

export class InclusionProofQuery {
  @ApiProperty({ description: 'the event to prove', example: '0197c1a2-5b7e-7c3d-9a41-1f2e3d4c5b6a' })
  @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'eventId must be 1 to 200 printable characters without spaces' })
  eventId!: string;

  @ApiPropertyOptional({
    description: 'the tree to prove it in, up to the notarised size; by default the latest signed head',
    example: 1000,
  })
  @IsOptional()
  @Transform(digitsToNumber)
  @WholeNumber(1)
  treeSize?: number;
}

export class ConsistencyProofQuery {
  @ApiProperty({ description: 'the older tree size, e.g. of a head an inspector kept', example: 1000 })
  @Transform(digitsToNumber)
  @WholeNumber(0)
  from!: number;

  @ApiProperty({ description: 'the newer tree size, up to the notarised size', example: 2000 })
  @Transform(digitsToNumber)
  @WholeNumber(0)
  to!: number;
}
