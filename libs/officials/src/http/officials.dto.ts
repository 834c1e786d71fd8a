import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ROLES } from '@app/platform/roles';
import { type Relation, RELATIONS } from '../officials.events';

/**
 * Bodies mirror the commands' data, so a field path is the same whether the shape check here or
 * the decider refuses it (`personal.idNumber`). Content rules (ID check digit, roles, unit codes,
 * lengths) are the decider's.
 */

export class OfficialParams {
  @ApiProperty({ description: "the official's id (the sub of their token)", example: 'sx-0001' })
  @MinLength(1)
  @MaxLength(200)
  id!: string;
}

class OfficialPersonal {
  @ApiProperty({ example: '王小明' })
  @IsString()
  name!: string;
}

export class RegisterOfficialBody {
  @ApiPropertyOptional({
    description:
      "the bureau's staff number, which the identity provider puts in the official's token as sub; " +
      'minted by the server when absent',
    example: 'sx-0001',
  })
  @IsOptional()
  @IsString()
  officialId?: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['township-approver'] })
  @IsArray()
  @IsString({ each: true })
  roles!: string[];

  @ApiProperty({ description: '4-digit city, 6-digit county or 9-digit township code', example: '330602001' })
  @IsString()
  unit!: string;

  @ApiProperty({ type: OfficialPersonal })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => OfficialPersonal)
  personal!: OfficialPersonal;
}

class RelativePersonal {
  @ApiProperty({ description: '18-character resident ID number', example: '330602198001010011' })
  @IsString()
  idNumber!: string;

  @ApiProperty({ example: '王大明' })
  @IsString()
  name!: string;
}

export class DeclareNearRelativeBody {
  @ApiProperty({ type: RelativePersonal })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RelativePersonal)
  personal!: RelativePersonal;

  @ApiProperty({ enum: RELATIONS, example: 'sibling' })
  @IsIn(RELATIONS, { message: `relation must be one of ${RELATIONS.join(', ')}` })
  relation!: Relation;
}

class WithdrawnRelative {
  @ApiProperty({ description: 'the resident ID number of the declared relative', example: '330602198001010011' })
  @IsString()
  idNumber!: string;
}

export class WithdrawNearRelativeBody {
  @ApiProperty({ type: WithdrawnRelative })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => WithdrawnRelative)
  personal!: WithdrawnRelative;

  @ApiProperty({ example: '误报' })
  @IsString()
  reason!: string;
}

export class DeactivateOfficialBody {
  @ApiProperty({ example: '调离' })
  @IsString()
  reason!: string;
}
