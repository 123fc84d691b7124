import { Pipe, type PipeTransform } from '@angular/core';

/**
 * Dates in the UI language. The language is an argument (not read inside) so the pure pipe
 * re-runs when the user switches language.
 */
@Pipe({ name: 'ascDate' })
export class DateFormatPipe implements PipeTransform {
  transform(iso: string | null | undefined, lang: string, style: 'short' | 'medium' = 'short'): string {
    if (!iso) {
      return '';
    }
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
      return '';
    }
    return new Intl.DateTimeFormat(lang, { dateStyle: style, timeStyle: 'short' }).format(date);
  }
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "5 min ago" / "5 min fa", relative to when the row was rendered. */
@Pipe({ name: 'ascRelativeTime' })
export class RelativeTimePipe implements PipeTransform {
  transform(iso: string | null | undefined, lang: string, now: number = Date.now()): string {
    if (!iso) {
      return '';
    }
    const time = new Date(iso).getTime();
    if (Number.isNaN(time)) {
      return '';
    }
    const seconds = Math.round((time - now) / 1000);
    const format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' });
    for (const [unit, size] of UNITS) {
      if (Math.abs(seconds) >= size) {
        return format.format(Math.round(seconds / size), unit);
      }
    }
    return format.format(seconds, 'second');
  }
}
