/** The bit pattern of an f32, for plan slots that hold a float. */
export function f32Bits(value: number): number {
  const buf = new DataView(new ArrayBuffer(4));
  buf.setFloat32(0, value, true);
  return buf.getInt32(0, true);
}
