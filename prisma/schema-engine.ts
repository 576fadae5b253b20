/**
 * Prisma's WebAssembly schema engine, loaded without `--experimental-wasm-modules`.
 *
 * The native schema engine cannot be downloaded on these machines; @prisma/schema-engine-wasm runs the
 * same migration logic through a driver adapter (see shared/toolchain.md). Its package entry imports
 * the .wasm file as an ES module, which Node 20 only allows behind a flag, so we instantiate the module
 * ourselves against its wasm-bindgen glue.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine as WasmSchemaEngine } from '@prisma/schema-engine-wasm' with { 'resolution-mode': 'import' };
import { adapterFor, type DbTarget } from './db';

interface Glue {
  SchemaEngine: typeof WasmSchemaEngine;
  __wbg_set_wasm(exports: WasmExports): void;
}
type WasmExports = Record<string, unknown>;
/** The slice of the WebAssembly global we use (@types/node does not declare it). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: WasmExports } }>;
}
const { WebAssembly } = globalThis as unknown as { WebAssembly: WasmApi };

let gluePromise: Promise<Glue> | undefined;

async function loadGlue(): Promise<Glue> {
  const pkgDir = dirname(require.resolve('@prisma/schema-engine-wasm'));
  // The glue is an ES module; Node ≥ 20.19 loads it with require() (jest transforms it, see jest.config.js).
  const glue = require(join(pkgDir, 'schema_engine_bg.js')) as Glue;
  const bytes = readFileSync(join(pkgDir, 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

export interface OpenEngine {
  engine: WasmSchemaEngine;
  /** Frees the engine and closes every database connection it opened (free() alone leaves them open). */
  close(): Promise<void>;
}

export async function openSchemaEngine(
  target: DbTarget,
  datamodel: { path: string; content: string },
  log: (line: string) => void = () => {},
): Promise<OpenEngine> {
  gluePromise ??= loadGlue();
  const glue = await gluePromise;
  const factory = adapterFor(target);
  const opened: SqlDriverAdapter[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => track(await factory.connect()),
    connectToShadowDb: async () => track(await factory.connectToShadowDb()),
  };
  function track(a: SqlDriverAdapter): SqlDriverAdapter {
    opened.push(a);
    if (a.provider !== 'sqlite') return a;
    // The engine replays a whole migration.sql through executeRaw when it builds a shadow database;
    // better-sqlite3 prepares one statement at a time and refuses. Such a script has no parameters,
    // so running it through executeScript is the same operation.
    const executeRaw = a.executeRaw.bind(a);
    a.executeRaw = async (query) => {
      try {
        return await executeRaw(query);
      } catch (e) {
        if (query.args.length === 0 && e instanceof RangeError && /more than one statement/.test(e.message)) {
          await a.executeScript(query.sql);
          return 0;
        }
        throw e;
      }
    };
    return a;
  }
  const engine = await glue.SchemaEngine.new(
    { datamodels: [[datamodel.path, datamodel.content]] },
    (l: string) => log(l),
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  return {
    engine,
    async close() {
      engine.free();
      await Promise.allSettled(opened.map((a) => a.dispose()));
    },
  };
}
