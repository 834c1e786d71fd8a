import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { type Programme, PROGRAMMES } from '../delegation.events';
import { isInstant } from '../delegation.time';

/**
 * Bodies mirror the commands' data, so a field path is the same whether the shape check here or
 * the decider refuses it (`programmes[0].maxAmountFen`). Content rules (dates, caps, ratios,
 * overlaps) are the decider's.
 */

const PROGRAMME_MESSAGE = `programme must be one of ${PROGRAMMES.join(', ')}`;

export class TownshipParams {
  @ApiProperty({ description: '9-digit township code', example: '330602001' })
  @Matches(/^\d{9}$/, { message: 'townshipCode must be a 9-digit township code' })
  townshipCode!: string;
}

export class DelegationParams extends TownshipParams {
  @ApiProperty({ description: 'the id the server minted when the delegation was granted' })
  @MinLength(1)
  @MaxLength(100)
  delegationId!: string;
}

export class ProgrammeTermsBody {
  @ApiProperty({ enum: PROGRAMMES, example: 'dibao' })
  @IsIn(PROGRAMMES, { message: PROGRAMME_MESSAGE })
  programme!: Programme;

  @ApiPropertyOptional({ description: 'temporary only, required there: the largest amount per case, in fen' })
  @IsOptional()
  @IsInt({ message: 'maxAmountFen must be a whole number of fen' })
  maxAmountFen?: number;

  @ApiPropertyOptional({ description: 'share (0..1) the county re-checks; the policy’s floor when absent' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'spotCheckRatio must be a number' })
  spotCheckRatio?: number;
}

export class GrantDelegationBody {
  @ApiProperty({ type: ProgrammeTermsBody, isArray: true })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProgrammeTermsBody)
  programmes!: ProgrammeTermsBody[];

  @ApiProperty({ description: 'first local date it applies, inclusive; not before today', example: '2025-03-03' })
  @IsString()
  validFrom!: string;

  @ApiProperty({ description: 'first local date it no longer applies, exclusive', example: '2026-01-01' })
  @IsString()
  validTo!: string;

  @ApiProperty({ description: "the county's decision document number", example: '越民〔2025〕12号' })
  @IsString()
  document!: string;
}

export class ReasonBody {
  @ApiProperty({ example: '专项检查发现问题' })
  @IsString()
  reason!: string;
}

function Instant(): PropertyDecorator {
  return ValidateBy({
    name: 'instant',
    validator: {
      validate: isInstant,
      defaultMessage: () => 'at must be an ISO 8601 instant with an offset, e.g. 2025-03-03T10:00:00+08:00',
    },
  });
}

/** Query strings arrive as text: only plain digits become numbers. */
const digitsToNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;

export class RegisterQuery {
  @ApiPropertyOptional({ description: 'the instant each status is judged at; now when absent' })
  @IsOptional()
  @Instant()
  at?: string;
}

export class DelegationInForceQuery {
  @ApiProperty({ enum: PROGRAMMES, example: 'dibao' })
  @IsIn(PROGRAMMES, { message: PROGRAMME_MESSAGE })
  programme!: Programme;

  @ApiPropertyOptional({ description: 'the instant asked about; now when absent', example: '2025-03-03T10:00:00+08:00' })
  @IsOptional()
  @Instant()
  at?: string;

  @ApiPropertyOptional({ description: 'the amount of the case in fen; required for temporary' })
  @ValidateIf((query: DelegationInForceQuery) => query.programme === 'temporary' || query.amountFen !== undefined)
  @Transform(digitsToNumber)
  @IsInt({ message: 'amountFen must be a whole number of fen, and is required for temporary' })
  amountFen?: number;
}
