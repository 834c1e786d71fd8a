import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsString, Length, ValidateNested } from 'class-validator';

/** A file of deaths from civil registration (户籍注销 / 殡葬 records). */

export const MAX_DEATH_RECORDS = 1000;

export class DeathRecordDto {
  @ApiProperty({ description: "the record's id in the registry", example: 'HJ-2021-04-000123' })
  @IsString()
  @Length(1, 100)
  recordId!: string;

  /** Checked against GB 11643 by the service, which names the record on error. */
  @ApiProperty({ example: '11010519491231002X' })
  @IsString()
  @Length(1, 32)
  idNumber!: string;

  @ApiProperty({ example: '2021-04-10' })
  @IsISO8601({ strict: true, strictSeparator: true })
  diedOn!: string;
}

export class DeathRecordsDto {
  @ApiProperty({ description: 'the registry the file comes from', example: '330602-hukou' })
  @IsString()
  @Length(1, 100)
  registry!: string;

  @ApiProperty({ type: [DeathRecordDto], minItems: 1, maxItems: MAX_DEATH_RECORDS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_DEATH_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => DeathRecordDto)
  records!: DeathRecordDto[];
}
