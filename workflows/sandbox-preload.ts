/**
 * The workflow sandbox's shared part. The worker's reusable V8 context evaluates this module once per
 * workflow thread, before any workflow exists (bundle option `preloadModules`, see
 * worker/workflow-bundle.ts `workflowBundleOptions`); every module it loads is then shared by all cached
 * workflows instead of being evaluated again for each one. Without it each cached workflow held its own
 * copy of the domain: ≈ 2.8 MB of heap (zod schemas of criteria sets, units and dossiers, the built-in
 * criteria sets parsed again, the Điện Biên unit lists, luxon, xstate) — issue 18's memory target.
 *
 * What may be shared: `domain/` is pure (no clock, no I/O, no per-workflow state: its module-level values
 * are constants and memo tables of pure functions), and so are zod, luxon and xstate. The workflows
 * themselves (workflows/*.ts, their handlers and state) and @temporalio/workflow stay per workflow.
 *
 * Freezing: the SDK deep-freezes every shared module so that one workflow cannot change what another
 * sees. That breaks zod 4 (its schema instances install parse methods and derived fields lazily on
 * themselves, and reset `lastIndex` on their patterns), so this module does the freezing itself, once
 * everything is loaded: the domain's data (plain objects and arrays: units, criteria sets, calendars,
 * titles…) is deep-frozen, class instances such as zod schemas are left as they are, and every shared
 * module record is then frozen shallowly, which the SDK's deep freeze takes as done. A workflow that
 * tried to change shared domain data fails loudly (strict-mode TypeError), as with the SDK's own freeze.
 */
import '../domain/access';
import '../domain/calendar';
import '../domain/dossier';
import '../domain/errors';
import '../domain/notices';
import '../domain/obligations';
import '../domain/plan';
import '../domain/validation';

/** webpack's table of the bundle's module factories (a webpack module variable), keyed by module id. */
declare const __webpack_modules__: Record<string, unknown> | undefined;

/** This module's own id in the bundle: its record is still being filled while this code runs. */
const SELF = /sandbox-preload\.ts$/;

/** Whether `v` is data (a plain object or an array), not an instance of a class. */
function isPlainData(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return Array.isArray(v) || proto === Object.prototype || proto === null;
}

/**
 * Deep-freezes the plain objects and arrays reachable from `value` through plain data (getters are read:
 * webpack's ESM exports are getters), leaving class instances (zod schemas, Maps, RegExps) and functions
 * as they are. Returns the number of objects frozen.
 */
export function freezeData(value: unknown, seen = new WeakSet<object>()): number {
  if (value === null || typeof value !== 'object' || seen.has(value)) return 0;
  seen.add(value);
  if (!isPlainData(value)) return 0;
  let frozen = 0;
  for (const key of Reflect.ownKeys(value)) frozen += freezeData((value as Record<PropertyKey, unknown>)[key], seen);
  if (!Object.isFrozen(value)) {
    Object.freeze(value);
    frozen += 1;
  }
  return frozen;
}

interface ModuleRecord {
  exports: unknown;
}

/** Freezes the shared modules as described above; returns how many records and data objects it froze. */
export function sealSharedModules(ids: readonly string[], record: (id: string) => ModuleRecord | undefined): { modules: number; dataObjects: number } {
  let modules = 0;
  let dataObjects = 0;
  for (const id of ids) {
    if (SELF.test(id)) continue;
    const rec = record(id);
    if (!rec) continue;
    if (id.startsWith('./domain/')) dataObjects += freezeData(rec.exports);
    Object.freeze(rec);
    modules += 1;
  }
  return { modules, dataObjects };
}

// Only inside the bundle: webpack provides its module table and the SDK its shared module cache.
const cache = (globalThis as { __webpack_module_cache__?: Record<string, ModuleRecord | undefined> }).__webpack_module_cache__;
if (typeof __webpack_modules__ !== 'undefined' && cache !== undefined) {
  sealSharedModules(Object.keys(__webpack_modules__), (id) => cache[id]);
}
