import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { SessionUser } from '@ascolto/domain';
import { CurrentAuth } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { ANY_ROLE, Roles } from '../common/decorators/roles.decorator';
import type { RequestAuth } from '../common/http/authenticated-request';
import type { ApiConfig } from '../config/api-config';
import { API_CONFIG } from '../config/api-config.token';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { clearSessionCookies, setCsrfCookie, setSessionCookies } from './session-cookies';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Signed in; sets the ascolto_session and XSRF-TOKEN cookies' })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this address or e-mail' })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionUser> {
    const { user, session } = await this.auth.login(dto.email, dto.password, {
      ip: req.ip,
      userAgent: req.headers['user-agent'],
    });
    setSessionCookies(res, session, this.config.cookieSecure);
    return user;
  }

  @Roles(...ANY_ROLE)
  @Post('logout')
  @HttpCode(204)
  @ApiCookieAuth()
  @ApiNoContentResponse({ description: 'Session deleted, cookies cleared' })
  async logout(@CurrentAuth() auth: RequestAuth, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(auth);
    clearSessionCookies(res, this.config.cookieSecure);
  }

  @Roles(...ANY_ROLE)
  @Get('me')
  @ApiCookieAuth()
  me(@CurrentAuth() auth: RequestAuth, @Res({ passthrough: true }) res: Response): SessionUser {
    // Re-issued so a dashboard that lost the readable cookie (cleared storage) can still send writes.
    setCsrfCookie(res, auth.csrfToken, this.config.cookieSecure);
    return auth.user;
  }
}
