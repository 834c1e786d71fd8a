import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { SEVERITIES, type Severity } from '../rules/integrity-rule';
import { ROUTING_LEVELS, type RoutingLevel } from '../warning.events';
import { MAX_EVIDENCE_ITEMS, MAX_NOTE_LENGTH, MAX_REASON_LENGTH } from '../warning.validation';
import { ALERT_STATUSES, type AlertStatus } from '../read-models/alert.view';
import { ALERTS_MAX_PAGE_SIZE } from '../read-models/alerts.query';

/** `a,b` or `?x=a&x=b` (or both) → ['a', 'b']. */
const commaList = ({ value }: { value: unknown }): unknown => {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((part) => (typeof part === 'string' ? part.split(',') : [part]));
  return parts.map((part) => (typeof part === 'string' ? part.trim() : part)).filter((part) => part !== '');
};

const CHECKPOINT = /^[0-9A-Za-z:._-]{1,128}$/;
const TOWNSHIP = /^\d{9}$/;

export class WarningParams {
  @ApiProperty({ description: 'the warning id (a UUID derived from the rule and its finding)' })
  @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'warningId must be 1 to 200 printable characters without blanks' })
  warningId!: string;
}

class AlertFilterQuery {
  @ApiPropertyOptional({ description: '9-digit township code, within the caller’s unit', example: '330602001' })
  @IsOptional()
  @Matches(TOWNSHIP, { message: 'township must be a 9-digit township code' })
  township?: string;

  @ApiPropertyOptional({ description: 'severities, comma-separated', enum: SEVERITIES, isArray: true })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(SEVERITIES.length)
  @IsIn(SEVERITIES, { each: true, message: `severity must be one of ${SEVERITIES.join(', ')}` })
  severity?: Severity[];

  @ApiPropertyOptional({ description: 'current levels, comma-separated', enum: ROUTING_LEVELS, isArray: true })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(ROUTING_LEVELS.length)
  @IsIn(ROUTING_LEVELS, { each: true, message: `level must be one of ${ROUTING_LEVELS.join(', ')}` })
  level?: RoutingLevel[];
}

export class AlertListQuery extends AlertFilterQuery {
  @ApiPropertyOptional({ description: '6-digit county code, within (or above) the caller’s unit', example: '330602' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'county must be a 6-digit county code' })
  county?: string;

  @ApiPropertyOptional({ description: 'rule ids, comma-separated', example: 'payment-after-death' })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { each: true, message: 'rule must be kebab-case rule ids' })
  rule?: string[];

  @ApiPropertyOptional({ description: 'statuses, comma-separated', enum: ALERT_STATUSES, isArray: true })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(ALERT_STATUSES.length)
  @IsIn(ALERT_STATUSES, { each: true, message: `status must be one of ${ALERT_STATUSES.join(', ')}` })
  status?: AlertStatus[];

  @ApiPropertyOptional({ description: 'only warnings raised more than this many days ago', minimum: 0, maximum: 3650 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'olderThanDays must be a whole number of days' })
  @Min(0)
  @Max(3650)
  olderThanDays?: number;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: ALERTS_MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ALERTS_MAX_PAGE_SIZE)
  pageSize?: number;

  @ApiPropertyOptional({
    description: "a command response's checkpoint: answer only once the read model has taken that write (503 with Retry-After otherwise)",
  })
  @IsOptional()
  @Matches(CHECKPOINT, { message: 'waitFor must be a checkpoint' })
  waitFor?: string;
}

export class AlertStreamQuery extends AlertFilterQuery {
  @ApiPropertyOptional({
    description: 'for clients that cannot send headers: the same as the Last-Event-ID header (the header wins)',
  })
  @IsOptional()
  @Matches(CHECKPOINT, { message: 'lastEventId must be the id of a message of this stream' })
  lastEventId?: string;
}

export class IntegrityIndexQuery {
  @ApiPropertyOptional({ description: 'county (or township, or city) code; the caller’s unit when absent', example: '330602' })
  @IsOptional()
  @Matches(/^\d{4}(\d{2}(\d{3})?)?$/, { message: 'county must be a unit code of 4, 6 or 9 digits' })
  county?: string;

  @ApiPropertyOptional({ description: 'the day the index is taken on (China date); today when absent', example: '2021-06-30' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD' })
  date?: string;

  @ApiPropertyOptional({ description: 'first day warnings are counted from (inclusive); the start of the ledger when absent' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'a command response’s checkpoint to wait for' })
  @IsOptional()
  @Matches(CHECKPOINT, { message: 'waitFor must be a checkpoint' })
  waitFor?: string;
}

export class AcknowledgeBody {
  @ApiPropertyOptional({ example: '已安排村干部入户核实', maxLength: MAX_NOTE_LENGTH })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_NOTE_LENGTH)
  note?: string;
}

export class EscalateBody extends AcknowledgeBody {
  @ApiPropertyOptional({
    enum: ROUTING_LEVELS,
    description: 'the level the caller saw it at; when it has moved since, 409 instead of escalating it again',
  })
  @IsOptional()
  @IsIn(ROUTING_LEVELS, { message: `from must be one of ${ROUTING_LEVELS.join(', ')}` })
  from?: RoutingLevel;
}

export class RouteBody {
  @ApiProperty({ enum: ROUTING_LEVELS, description: 'the level to send it to (转办 / 移送)' })
  @IsIn(ROUTING_LEVELS, { message: `level must be one of ${ROUTING_LEVELS.join(', ')}` })
  level!: RoutingLevel;
}

export class CloseBody {
  @ApiProperty({ enum: ['confirmed', 'dismissed'] })
  @IsIn(['confirmed', 'dismissed'], { message: 'finding must be confirmed or dismissed' })
  finding!: 'confirmed' | 'dismissed';

  @ApiProperty({ description: 'confirmed: what was found; dismissed: why', example: '经核实，户主已于4月死亡，5月救助金已追回', maxLength: MAX_REASON_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_REASON_LENGTH)
  reason!: string;

  @ApiPropertyOptional({
    description: 'documents or ledger event ids; at least one to confirm',
    type: String,
    isArray: true,
    maxItems: MAX_EVIDENCE_ITEMS,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_EVIDENCE_ITEMS)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  evidence?: string[];
}
