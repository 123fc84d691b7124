import { InjectionToken } from '@angular/core';

/** "Now", injectable so tests can pin the time that goes into `since=` and relative dates. */
export const CLOCK = new InjectionToken<() => Date>('CLOCK', {
  providedIn: 'root',
  factory: () => () => new Date(),
});
