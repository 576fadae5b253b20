/**
 * Waits for a read model (written by activities) to catch up: reads until `ok`, at most `tries` × `everyMs`
 * (60 s by default: it returns as soon as `ok` holds, and a loaded 2-core CI machine can take well over
 * the 10 s this used to allow).
 */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, tries = 600, everyMs = 100): Promise<T> {
  let v = await read();
  for (let i = 0; i < tries && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, everyMs));
    v = await read();
  }
  return v;
}
