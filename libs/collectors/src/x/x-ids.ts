/** X ids are 64-bit: compared as BigInt, never as JS numbers (they exceed 2^53) or as plain strings. */
export function isXId(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,20}$/.test(value);
}

export function compareXIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The larger of two ids (either may be null). */
export function maxXId(a: string | null | undefined, b: string | null | undefined): string | null {
  const left = isXId(a) ? a : null;
  const right = isXId(b) ? b : null;
  if (!left) return right;
  if (!right) return left;
  return compareXIds(left, right) >= 0 ? left : right;
}
