import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { type Behaviour, BEHAVIOURS, type EvidenceKind, EVIDENCE_KINDS, type Grade, GRADES, type Severity, SEVERITIES } from '../credit.events';

/** Bodies mirror the commands' data, so a field path is the same whichever layer refuses it. */

export class HouseholdParams {
  @ApiProperty({ description: 'UUIDv5 of the resident ID number the household is keyed by (see README)' })
  @IsUUID(undefined, { message: 'householdId must be a UUID' })
  householdId!: string;
}

export class RecordParams extends HouseholdParams {
  @ApiProperty({ description: 'the id the server minted when the record was entered' })
  @Matches(/^[\w:.-]{1,100}$/, { message: 'recordId must be an id of 1 to 100 letters, digits, _ : . or -' })
  recordId!: string;
}

export class EvidenceBody {
  @ApiProperty({ enum: EVIDENCE_KINDS, example: 'warning' })
  @IsIn(EVIDENCE_KINDS, { message: `kind must be one of ${EVIDENCE_KINDS.join(', ')}` })
  kind!: EvidenceKind;

  @ApiProperty({ description: 'the confirmed warning id, the inspection finding id or the decision event id' })
  @Matches(/^[\w:.-]{1,100}$/, { message: 'ref must be an id of 1 to 100 letters, digits, _ : . or -' })
  ref!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class PersonBody {
  @ApiProperty({ description: 'the resident ID number the household id derives from', example: '330602198001010015' })
  @Matches(/^\d{17}[\dXx]$/, { message: 'personal.idNumber must be an 18-character resident ID number' })
  idNumber!: string;
}

export class EnterCreditRecordBody {
  @ApiProperty({ description: '9-digit township code', example: '330602001' })
  @Matches(/^\d{9}$/, { message: 'townshipCode must be a 9-digit township code' })
  townshipCode!: string;

  @ApiProperty({ enum: BEHAVIOURS })
  @IsIn(BEHAVIOURS, { message: `behaviour must be one of ${BEHAVIOURS.join(', ')}` })
  behaviour!: Behaviour;

  @ApiPropertyOptional({ enum: SEVERITIES, description: '失信 only: general 一般, serious 较重, grave 严重; the behaviour’s default when absent' })
  @IsOptional()
  @IsIn(SEVERITIES, { message: `severity must be one of ${SEVERITIES.join(', ')}` })
  severity?: Severity;

  @ApiProperty({ example: '2021-02-10' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'occurredOn must be a date YYYY-MM-DD' })
  occurredOn!: string;

  @ApiProperty({ example: '隐瞒家庭成员经商收入，继续领取低保金' })
  @IsString()
  @MinLength(1, { message: 'summary must not be empty' })
  @MaxLength(2000)
  summary!: string;

  @ApiPropertyOptional({ type: [String], description: 'provisions cited beyond the policy’s own for the behaviour' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  legalBasis?: string[];

  @ApiProperty({ type: [EvidenceBody], description: 'required (at least one) for a 失信 record' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => EvidenceBody)
  evidence!: EvidenceBody[];

  @ApiProperty({ type: PersonBody })
  @ValidateNested()
  @Type(() => PersonBody)
  personal!: PersonBody;
}

export class AppealBody {
  @ApiProperty({ example: '经营收入系误认，已提供营业执照注销证明' })
  @IsString()
  @MinLength(1, { message: 'grounds must not be empty' })
  @MaxLength(2000)
  grounds!: string;
}

export class AppealDecisionBody {
  @ApiProperty({ enum: ['upheld', 'rejected'] })
  @IsIn(['upheld', 'rejected'], { message: 'outcome must be upheld or rejected' })
  outcome!: 'upheld' | 'rejected';

  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'reasons must not be empty' })
  @MaxLength(2000)
  reasons!: string;

  @ApiPropertyOptional({ enum: SEVERITIES, description: 'upheld only: keep the record at this lower severity instead of annulling it' })
  @IsOptional()
  @IsIn(SEVERITIES, { message: `correctedSeverity must be one of ${SEVERITIES.join(', ')}` })
  correctedSeverity?: Severity;
}

export class RepairBody {
  @ApiProperty({ enum: ['period-elapsed', 'conditions-met'] })
  @IsIn(['period-elapsed', 'conditions-met'], { message: 'basis must be period-elapsed or conditions-met' })
  basis!: 'period-elapsed' | 'conditions-met';
}

export class CreditListQuery {
  @ApiPropertyOptional({ description: '9-digit township code', example: '330602001' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'township must be a 9-digit township code' })
  township?: string;

  @ApiPropertyOptional({ enum: GRADES })
  @IsOptional()
  @IsIn(GRADES, { message: `grade must be one of ${GRADES.join(', ')}` })
  grade?: Grade;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number from 1' })
  @Min(1, { message: 'page must be a whole number from 1' })
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number from 1 to 100' })
  @Min(1, { message: 'pageSize must be a whole number from 1 to 100' })
  @Max(100, { message: 'pageSize must be a whole number from 1 to 100' })
  pageSize?: number;

  @ApiPropertyOptional({ description: "a command response's checkpoint: answer once the list has taken that write" })
  @IsOptional()
  @Matches(/^[0-9A-Za-z:._-]{1,64}$/, { message: 'waitFor must be a checkpoint' })
  waitFor?: string;
}
