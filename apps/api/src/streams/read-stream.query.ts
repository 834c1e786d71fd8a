import { Transform } from 'class-transformer';
import { IsIn, IsOptional, MaxLength, MinLength, ValidateBy, type ValidationOptions } from 'class-validator';

export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;

/** Query strings arrive as text: only plain digits become numbers, so "1.5", "" or "1e3" are refused. */
const digitsToNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;

/** One check and one message per parameter, however the value is wrong. */
function WholeNumber(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'wholeNumber',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max,
        defaultMessage: (args) =>
          max === Number.MAX_SAFE_INTEGER
            ? `${args?.property} must be a whole number of ${min} or more`
            : `${args?.property} must be a whole number from ${min} to ${max}`,
      },
    },
    options,
  );
}

export class StreamParams {
  @MinLength(1)
  @MaxLength(200)
  id!: string;
}

export class ReadStreamQuery {
  @IsOptional()
  @Transform(digitsToNumber)
  @WholeNumber(0, Number.MAX_SAFE_INTEGER)
  fromRevision?: number;

  @IsOptional()
  @Transform(digitsToNumber)
  @WholeNumber(1, MAX_PAGE)
  maxCount?: number;

  @IsOptional()
  @IsIn(['forwards', 'backwards'], { message: 'direction must be forwards or backwards' })
  direction?: 'forwards' | 'backwards';
}
