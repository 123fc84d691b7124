// The near-duplicate sketch as stored on a mention (`Mention.simhash`): 64 bits written as 16
// lower-case hex characters. libs/nlp computes sketches; whoever compares them reads them here.

/** The two 32-bit halves of a sketch, or null when the value is not a 16-hex sketch. */
export function simhashHalves(simhash: unknown): { hi: number; lo: number } | null {
  if (typeof simhash !== 'string' || simhash.length !== 16) return null;
  const hi = hexHalf(simhash, 0);
  const lo = hexHalf(simhash, 8);
  return hi < 0 || lo < 0 ? null : { hi, lo };
}

/** Set bits of a 32-bit value. */
export function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Number of differing bits (0–64) between two sketches; `null` when either is not a 16-hex sketch
 * (a short text, a document from before sketches), so callers cannot mistake garbage for "far".
 */
export function hammingDistance(a: string | null | undefined, b: string | null | undefined): number | null {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length !== 16 || b.length !== 16) return null;
  const ahi = hexHalf(a, 0);
  const alo = hexHalf(a, 8);
  const bhi = hexHalf(b, 0);
  const blo = hexHalf(b, 8);
  if (ahi < 0 || alo < 0 || bhi < 0 || blo < 0) return null;
  return popcount32(ahi ^ bhi) + popcount32(alo ^ blo);
}

/** The value (0 to 2^32 − 1) of 8 hex digits at `from`, or -1 when one is not a lower-case hex digit. */
function hexHalf(s: string, from: number): number {
  let v = 0;
  for (let i = from; i < from + 8; i++) {
    const c = s.charCodeAt(i);
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}
