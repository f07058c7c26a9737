/**
 * Decimal number text, scanned in one pass. A regular expression such as
 * /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/ backtracks quadratically on a long run of
 * digits that ends in a non-digit (80 k digits took seconds), so uploaded CSV could
 * stall a server; this scanner reads each character once.
 */

/** The parts of a decimal: value = sign · 0.digits · 10^point (digits without leading/trailing zeros). */
export interface Decimal {
  readonly negative: boolean;
  /** Significant digits, '' for zero. */
  readonly digits: string;
  /** Position of the decimal point relative to the first significant digit. */
  readonly point: bigint;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Scans `s` as [+-]digits[.digits][e[+-]digits] (at least one mantissa digit); returns
 * the index where the mantissa ends, the exponent start, or −1 if `s` is not such a number.
 */
function scan(s: string): { intEnd: number; fracEnd: number; expStart: number } | undefined {
  let i = 0;
  const n = s.length;
  if (i < n && (s[i] === '+' || s[i] === '-')) i++;
  const intStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  const intEnd = i;
  let fracEnd = i;
  if (i < n && s[i] === '.') {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    fracEnd = i;
  }
  const mantissaDigits = intEnd - intStart + Math.max(0, fracEnd - intEnd - 1);
  if (mantissaDigits === 0) return undefined;
  let expStart = n;
  if (i < n && (s[i] === 'e' || s[i] === 'E')) {
    expStart = i + 1;
    i++;
    if (i < n && (s[i] === '+' || s[i] === '-')) i++;
    const digitsStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === digitsStart) return undefined;
  }
  return i === n ? { intEnd, fracEnd, expStart } : undefined;
}

/** True if `s` is a plain decimal number (no spaces, no hex, no Infinity/NaN), in linear time. */
export function isDecimalText(s: string): boolean {
  return scan(s) !== undefined;
}

/** The exact value of decimal text (see `isDecimalText`), or undefined if it is not one. */
export function parseDecimal(s: string): Decimal | undefined {
  const at = scan(s);
  if (!at) return undefined;
  const negative = s[0] === '-';
  const signLen = s[0] === '+' || s[0] === '-' ? 1 : 0;
  const int = s.slice(signLen, at.intEnd);
  const frac = at.fracEnd > at.intEnd ? s.slice(at.intEnd + 1, at.fracEnd) : '';
  const all = int + frac;
  let lead = 0;
  while (lead < all.length && all[lead] === '0') lead++;
  let end = all.length;
  while (end > lead && all[end - 1] === '0') end--;
  const digits = all.slice(lead, end);
  if (digits === '') return { negative: false, digits: '', point: 0n };
  const exp = at.expStart < s.length ? BigInt(s.slice(at.expStart)) : 0n;
  return { negative, digits, point: exp + BigInt(int.length - lead) };
}

/** Canonical text of a decimal: equal values give equal keys ("1", "1.0", "10e-1"). */
export function decimalKey(d: Decimal): string {
  return d.digits === '' ? '0' : `${d.negative ? '-' : ''}0.${d.digits}e${d.point}`;
}

/** Exact numeric order of two decimals. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  const sa = a.digits === '' ? 0 : a.negative ? -1 : 1;
  const sb = b.digits === '' ? 0 : b.negative ? -1 : 1;
  if (sa !== sb) return sa - sb;
  if (sa === 0) return 0;
  let mag: number;
  if (a.point !== b.point) mag = a.point < b.point ? -1 : 1;
  else mag = a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0;
  return sa * mag;
}
