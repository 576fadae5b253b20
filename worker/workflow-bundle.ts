/**
 * The workflow bundle, built once (scripts/build-workflow-bundle.ts, run by `npm install`'s postinstall)
 * instead of by every worker at start. A worker start with a fresh bundle skips webpack: faster and
 * smaller. "Fresh" = the bundle's manifest records the same hash of its sources (workflows/, domain/,
 * the lock file, the SDK version) as the tree has now; hashing them takes a few milliseconds.
 *
 *   .data/workflow-bundle/workflows.js      the bundle (git-ignored with .data/)
 *   .data/workflow-bundle/manifest.json     { sourcesHash, sdkVersion, builtAt, bytes, files }
 *
 * WORKFLOW_BUNDLE=<file> makes a worker load that file as-is (an operator's artefact, no check);
 * WORKFLOW_BUNDLE=off makes it bundle at start whatever is on disk.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const PROJECT_ROOT = join(__dirname, '..');
export const BUNDLE_DIR = join(PROJECT_ROOT, '.data', 'workflow-bundle');
export const BUNDLE_FILE = join(BUNDLE_DIR, 'workflows.js');
export const MANIFEST_FILE = join(BUNDLE_DIR, 'manifest.json');
/** The workflows' entry (what `workflowsPath` names). */
export const WORKFLOWS_ENTRY = join(PROJECT_ROOT, 'workflows', 'index.ts');
/** The modules every workflow of a worker thread shares (the pure domain and its libraries). */
export const SANDBOX_PRELOAD = join(PROJECT_ROOT, 'workflows', 'sandbox-preload.ts');

/**
 * The options every bundle of our workflows is made with (the prebuilt one, a worker bundling at start,
 * tests, benchmarks): one place, so no worker runs workflows without the shared sandbox modules.
 */
export function workflowBundleOptions(workflowsPath: string = WORKFLOWS_ENTRY): { workflowsPath: string; preloadModules: string[] } {
  return { workflowsPath, preloadModules: [SANDBOX_PRELOAD] };
}

/** For Worker.create when it bundles at start (WORKFLOW_BUNDLE=off): the same options as a bundle. */
export function bundleAtStartOptions(workflowsPath: string = WORKFLOWS_ENTRY): { workflowsPath: string; bundlerOptions: { preloadModules: string[] } } {
  const { preloadModules } = workflowBundleOptions(workflowsPath);
  return { workflowsPath, bundlerOptions: { preloadModules } };
}

/** What goes into the bundle (or decides its content): the workflow code, the pure domain, the dependencies' versions. */
const SOURCE_DIRS = ['workflows', 'domain'];
const SOURCE_FILES = ['package-lock.json', 'tsconfig.json', 'activities/types.ts'];

export interface BundleManifest {
  sourcesHash: string;
  sdkVersion: string;
  builtAt: string;
  bytes: number;
  files: number;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (e.isFile() && /\.(ts|js|json|mjs|cjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

export function sdkVersion(): string {
  try {
    return (JSON.parse(readFileSync(require.resolve('@temporalio/worker/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** sha256 over the paths and contents of every source of the bundle. */
export function sourcesHash(root = PROJECT_ROOT): { hash: string; files: number } {
  const files = [
    ...SOURCE_DIRS.flatMap((d) => listFiles(join(root, d))),
    ...SOURCE_FILES.map((f) => join(root, f)).filter((f) => existsSync(f) && statSync(f).isFile()),
  ].sort();
  const h = createHash('sha256');
  h.update(`sdk ${sdkVersion()}\n`);
  for (const f of files) {
    h.update(relative(root, f).split(sep).join('/'));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return { hash: h.digest('hex'), files: files.length };
}

export function readManifest(file = MANIFEST_FILE): BundleManifest | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BundleManifest;
  } catch {
    return undefined;
  }
}

/** The prebuilt bundle's path if it is there and built from the sources on disk now. */
export function freshBundle(root = PROJECT_ROOT): string | undefined {
  const file = join(root, '.data', 'workflow-bundle', 'workflows.js');
  const manifest = readManifest(join(root, '.data', 'workflow-bundle', 'manifest.json'));
  if (!manifest || !existsSync(file)) return undefined;
  return manifest.sourcesHash === sourcesHash(root).hash ? file : undefined;
}

/**
 * Bundles the workflows (webpack, through the SDK) and writes bundle + manifest atomically (temp file,
 * then rename): two processes doing it at once leave one complete bundle.
 */
export async function buildWorkflowBundle(
  opts: { force?: boolean; log?: (line: string) => void } = {},
): Promise<{ file: string; built: boolean; ms: number; manifest: BundleManifest }> {
  const t0 = Date.now();
  const { hash, files } = sourcesHash();
  const existing = readManifest();
  if (!opts.force && existing?.sourcesHash === hash && existsSync(BUNDLE_FILE)) {
    return { file: BUNDLE_FILE, built: false, ms: Date.now() - t0, manifest: existing };
  }
  const { bundleWorkflowCode, DefaultLogger } = await import('@temporalio/worker');
  opts.log?.(`Bundling workflows (${files} source files) into ${relative(PROJECT_ROOT, BUNDLE_FILE)}…`);
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') });
  const manifest: BundleManifest = { sourcesHash: hash, sdkVersion: sdkVersion(), builtAt: new Date().toISOString(), bytes: Buffer.byteLength(code), files };
  await writeBundle(code, manifest);
  return { file: BUNDLE_FILE, built: true, ms: Date.now() - t0, manifest };
}

/** Writes a bundle made elsewhere (e.g. by a worker that had to bundle at start) with its manifest. */
export async function writeBundle(code: string, manifest: BundleManifest): Promise<void> {
  await fs.mkdir(BUNDLE_DIR, { recursive: true });
  const suffix = `.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(BUNDLE_FILE + suffix, code);
  await fs.rename(BUNDLE_FILE + suffix, BUNDLE_FILE);
  await fs.writeFile(MANIFEST_FILE + suffix, `${JSON.stringify(manifest, null, 2)}\n`);
  await fs.rename(MANIFEST_FILE + suffix, MANIFEST_FILE);
}
