const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * MSH-10 of an entry: its id in the 20 characters v2.5.1 allows, the same over every retry and
 * resend. A UUIDv7 holds 122 meaningful bits (the version and variant bits are fixed); its
 * millisecond time fits in 46 bits until the year 4199, which leaves exactly 120 bits: 20
 * base64url characters, one entry id to one control id. Any other id shape gets its first 20 hex digits.
 */
export function hl7ControlId(entryId: string): string {
  const hex = entryId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/.test(hex) || parseInt(hex[0], 16) > 3) return hex.slice(0, 20);
  const time = BigInt(`0x${hex.slice(0, 12)}`); // 48 bits, the top two zero
  const randA = BigInt(`0x${hex.slice(13, 16)}`); // 12 bits
  const randB = BigInt(`0x${hex.slice(16)}`) & ((1n << 62n) - 1n); // 62 bits
  let bits = (time << 74n) | (randA << 62n) | randB; // 120 bits
  let out = '';
  for (let i = 0; i < 20; i++) {
    out = BASE64URL[Number(bits & 63n)] + out;
    bits >>= 6n;
  }
  return out;
}
