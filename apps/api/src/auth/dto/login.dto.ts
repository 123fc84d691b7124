import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { LoginRequest } from '@ascolto/domain';
import { MAX_PASSWORD_LENGTH } from '../../config/api-config';

export class LoginDto implements LoginRequest {
  // Not @IsEmail: a malformed address is just a failed login (401), like any unknown one.
  @ApiProperty({ example: 'admin@example.com', maxLength: 320 })
  @IsString()
  @MinLength(1)
  @MaxLength(320)
  email!: string;

  // Bounded so a megabyte "password" cannot be used to make argon2 burn CPU.
  @ApiProperty({ format: 'password', maxLength: MAX_PASSWORD_LENGTH })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;
}
