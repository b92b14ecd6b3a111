/** Deterministic, non-cryptographic hashing used to derive every generated value from a seed. */

const GOLDEN_RATIO = 0x9e3779b9;

/** A 32-bit avalanche mixer (lowbias32): every input bit affects every output bit. */
function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes up to four 32-bit integers into an unsigned 32-bit integer. */
export function hash(a: number, b: number, c = 0, d = 0): number {
  let h = mix32(a ^ GOLDEN_RATIO);
  h = mix32((h ^ b) + GOLDEN_RATIO);
  h = mix32((h ^ c) + GOLDEN_RATIO);
  return mix32((h ^ d) + GOLDEN_RATIO);
}

/** FNV-1a over the UTF-16 code units of `text`, mixed once more. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return mix32(h);
}

/** A value in [0, 1) derived from a hash. */
export function unitInterval(hashValue: number): number {
  return hashValue / 0x1_0000_0000;
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** 32 lowercase hex digits (128 bits) derived from three integers: the body of a Twilio SID. */
export function hex32(a: number, b: number, c: number): string {
  return hex8(hash(a, b, c, 0)) + hex8(hash(a, b, c, 1)) + hex8(hash(a, b, c, 2)) + hex8(hash(a, b, c, 3));
}
