import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { CaseStatus } from '../../case.state';
import { WORK_QUEUE_MAX_PAGE_SIZE, type WorkQueueSort } from '../../read-models/work-queue.query';

const QUEUE_STATUSES: readonly CaseStatus[] = [
  'submitted',
  'documents-requested',
  'accepted',
  'opinion-given',
  'in-publicity',
  'awaiting-county-confirmation',
  'rejected',
  'emergency-granted',
];

export class WorkQueueQuery {
  @ApiPropertyOptional({
    description: "a township code, or a county code for all its townships; the caller's own unit when absent",
    example: '330602001',
  })
  @IsOptional()
  @Matches(/^\d{4}(\d{2}(\d{3})?)?$/, { message: 'township must be a unit code of 4, 6 or 9 digits' })
  township?: string;

  @ApiPropertyOptional({ enum: QUEUE_STATUSES })
  @IsOptional()
  @IsIn(QUEUE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ description: 'only cases past their due date', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['due', 'updated'], default: 'due' })
  @IsOptional()
  @IsIn(['due', 'updated'])
  sort?: WorkQueueSort;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: WORK_QUEUE_MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(WORK_QUEUE_MAX_PAGE_SIZE)
  pageSize?: number;

  @ApiPropertyOptional({
    description: "a command response's checkpoint: answer only once the queue has taken that write (503 with Retry-After otherwise)",
  })
  @IsOptional()
  @Matches(/^[0-9A-Za-z:._-]{1,64}$/, { message: 'waitFor must be a checkpoint' })
  waitFor?: string;
}
