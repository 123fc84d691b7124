import { InitialSchema1763800000000 } from './1763800000000-initial-schema';

/** Every migration, oldest first. Listed explicitly so bundled builds need no file globbing. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [InitialSchema1763800000000];
