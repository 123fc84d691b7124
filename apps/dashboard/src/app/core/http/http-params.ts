import { HttpParams } from '@angular/common/http';

type ParamValue = string | number | readonly string[] | null | undefined;

/**
 * Builds query parameters the way the API reads them: lists comma-separated, and empty values
 * left out so "no filter" never becomes "filter on the empty string".
 */
export function toHttpParams(values: Readonly<Record<string, ParamValue>>): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined) {
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > 0) {
        params = params.set(key, value.join(','));
      }
      continue;
    }
    const text = String(value);
    if (text !== '') {
      params = params.set(key, text);
    }
  }
  return params;
}
