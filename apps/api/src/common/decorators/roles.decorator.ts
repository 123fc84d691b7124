import { SetMetadata } from '@nestjs/common';
import { ROLES, type Role } from '@ascolto/domain';

export const ROLES_KEY = 'ascolto:roles';

/**
 * Which roles may call a route. A private route must declare its roles (the roles guard refuses
 * one that does not), so access is always a visible decision next to the handler.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** Every role: for reads that the whole team needs. */
export const ANY_ROLE: Role[] = [...ROLES];
