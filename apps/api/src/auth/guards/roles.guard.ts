import { ForbiddenException, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@ascolto/domain';
import { IS_PUBLIC_KEY } from '../../common/decorators/public.decorator';
import { ROLES_KEY } from '../../common/decorators/roles.decorator';
import type { AuthenticatedRequest } from '../../common/http/authenticated-request';

/**
 * Global guard #3: the caller's role must be one the route lists with @Roles(). A private route
 * without @Roles is refused outright (fail closed) — forgetting the decorator must not open it up.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly logger = new Logger(RolesGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().auth?.user;
    if (!roles || roles.length === 0) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no @Roles(); refusing`);
      throw new ForbiddenException('This route is not available to any role');
    }
    if (!user || !roles.includes(user.role)) {
      throw new ForbiddenException('Your role does not allow this action');
    }
    return true;
  }
}
