import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class CaseParams {
  @ApiProperty({ example: '0197c1a2-5b7e-7c3d-9a41-1f2e3d4c5b6a' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, { message: 'caseId must be 1 to 64 letters, digits or dashes' })
  caseId!: string;
}
