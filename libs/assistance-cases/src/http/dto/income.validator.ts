import { registerDecorator, type ValidationOptions } from 'class-validator';
import { INCOME_CATEGORIES } from '../../case.policy';

/** `{ category: fen }` with known income categories and whole, non-negative amounts in 分. */
export function IsIncomeByCategory(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIncomeByCategory',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate(value: unknown): boolean {
          if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
          return Object.entries(value).every(
            ([category, fen]) =>
              (INCOME_CATEGORIES as readonly string[]).includes(category) &&
              typeof fen === 'number' &&
              Number.isSafeInteger(fen) &&
              fen >= 0,
          );
        },
        defaultMessage: (args) =>
          `${args?.property} must map income categories (${INCOME_CATEGORIES.join(', ')}) to whole amounts in fen of 0 or more`,
      },
    });
}
