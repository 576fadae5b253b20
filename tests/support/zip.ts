/** Reading a ZIP into its entries and writing entries back (to change one byte of one file in a package). */
import yauzl from 'yauzl';
import yazl from 'yazl';

export async function zipEntries(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (e, z) => {
      if (e || !z) return reject(e);
      const out = new Map<string, Buffer>();
      z.on('end', () => resolve(out));
      z.on('entry', (en: yauzl.Entry) =>
        z.openReadStream(en, (re, rs) => {
          if (re || !rs) return reject(re);
          const chunks: Buffer[] = [];
          rs.on('data', (c: Buffer) => chunks.push(c));
          rs.on('end', () => {
            out.set(en.fileName, Buffer.concat(chunks));
            z.readEntry();
          });
        }),
      );
      z.readEntry();
    });
  });
}

export async function rezip(files: Map<string, Buffer>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [k, v] of files) z.addBuffer(v, k);
  z.end();
  const chunks: Buffer[] = [];
  for await (const c of z.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The same entries with one byte of `path` changed (its last byte inverted). */
export function withOneByteChanged(files: Map<string, Buffer>, path: string): Map<string, Buffer> {
  const data = files.get(path);
  if (!data) throw new Error(`no entry ${path}`);
  const changed = Buffer.from(data);
  changed[changed.length - 1] = changed[changed.length - 1]! ^ 0xff;
  return new Map(files).set(path, changed);
}
