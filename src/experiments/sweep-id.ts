/**
 * The id of a sweep: a hash of everything that decides its results (what runs,
 * with which settings, by which version of the code and which wasm build), so a
 * merge can tell a shard of another sweep from a shard of this one. Not a
 * security measure: FNV-1a (64-bit) of canonical JSON, the same in Node and
 * browsers and without dependencies.
 */
import { VERSION } from '../version.js';

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const OFFSET = 0xcbf29ce484222325n, PRIME = 0x100000001b3n, MASK = (1n << 64n) - 1n;

/** 16 hex digits: FNV-1a 64 of the UTF-8 bytes of canonicalJson({ untangle: VERSION, ...what }). */
export function sweepId(what: Record<string, unknown>): string {
  let h = OFFSET;
  for (const byte of new TextEncoder().encode(canonicalJson({ untangle: VERSION, ...what }))) h = ((h ^ BigInt(byte)) * PRIME) & MASK;
  return h.toString(16).padStart(16, '0');
}
