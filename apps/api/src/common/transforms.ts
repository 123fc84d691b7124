import type { TransformFnParams } from 'class-transformer';

/**
 * `a,b,c` (or the same parameter repeated) → ['a', 'b', 'c']. Blank items are dropped, so
 * `status=` means "no filter". Anything that is not text is left alone for the validator to refuse.
 */
export function commaSeparatedList({ value }: TransformFnParams): unknown {
  if (value === undefined || value === null) return value;
  const items = Array.isArray(value) ? value : [value];
  if (items.some((item) => typeof item !== 'string')) return value;
  return (items as string[])
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Trims surrounding whitespace of a string body field; leaves other types for the validator. */
export function trimString({ value }: TransformFnParams): unknown {
  return typeof value === 'string' ? value.trim() : value;
}
