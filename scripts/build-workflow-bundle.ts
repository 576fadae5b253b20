/**
 * `npm run workflow-bundle` (also run by `npm install`'s postinstall): bundles workflows/ once into
 * .data/workflow-bundle/workflows.js, so workers start without webpack (see worker/workflow-bundle.ts).
 * Cheap when up to date: the sources are hashed and compared with the manifest first.
 *
 *   --force   rebuild even if up to date
 *   --soft    never fail (postinstall: a broken workflow tree must not break `npm install`; the
 *             worker then bundles at start and reports the error itself)
 *   --check   exit 1 if the bundle is missing or stale, build nothing
 */
import { relative } from 'node:path';
import { buildWorkflowBundle, freshBundle, PROJECT_ROOT } from '../worker/workflow-bundle';

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  for (const a of args) if (!['--force', '--soft', '--check'].includes(a)) throw new Error(`unknown argument ${a} (--force, --soft, --check)`);
  if (args.has('--check')) {
    const f = freshBundle();
    process.stdout.write(
      f ? `workflow bundle up to date: ${relative(PROJECT_ROOT, f)}\n` : 'workflow bundle missing or stale: run `npm run workflow-bundle`\n',
    );
    process.exitCode = f ? 0 : 1;
    return;
  }
  try {
    const r = await buildWorkflowBundle({ force: args.has('--force'), log: (l) => process.stdout.write(`${l}\n`) });
    const where = relative(PROJECT_ROOT, r.file);
    process.stdout.write(
      r.built
        ? `workflow bundle: ${where} built in ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.manifest.bytes / 1024)} KiB, ${r.manifest.files} sources)\n`
        : `workflow bundle: ${where} up to date (checked in ${r.ms} ms)\n`,
    );
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (!args.has('--soft')) throw e;
    process.stderr.write(`workflow bundle not built (workers will bundle at start): ${msg.split('\n')[0]}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`✗ build-workflow-bundle: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
