/**
 * Writing rendered output to disk (Node only): the file appears whole or not
 * at all — written to a temporary file beside it, then renamed.
 */

/** Writes PNG bytes or SVG/HTML text to `path`, creating its folder. */
export async function writeImage(path: string, content: Uint8Array | string): Promise<void> {
  const fs = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  await fs.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    await fs.writeFile(tmp, content);
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
