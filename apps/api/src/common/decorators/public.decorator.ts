import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'ascolto:isPublic';

/**
 * Opts a route out of the session requirement. Everything else needs a session: a route is
 * private unless someone wrote this on purpose.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
