/** Waits for a read model (written by activities) to catch up: reads until `ok`, at most `tries` × `everyMs`. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, tries = 100, everyMs = 100): Promise<T> {
  let v = await read();
  for (let i = 0; i < tries && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, everyMs));
    v = await read();
  }
  return v;
}
