/**
 * Issue 18: no path writes or reads Temporal payloads without the project's data converter
 * (app/temporal-codec.ts): every Client, Worker.create, Worker.runReplayHistory and test environment
 * constructed in worker/, app/, api/, cli/, scripts/ and tests/ passes `dataConverter`. (infra/ may not
 * import app/ and builds none of them: its Connection.connect calls only probe a server's health, and
 * toolchain's createLocal only fetches the CLI.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const DIRS = ['worker', 'app', 'api', 'cli', 'scripts', 'tests'];
/** Left on purpose, each with its reason. */
const EXEMPT: Record<string, string> = {
  'tests/workflows/codec-replay.test.ts': 'replays once without the codec on purpose, to show it fails',
  'tests/infra/data-converter-sites.test.ts': 'this file',
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) return [];
    if (statSync(p).isDirectory()) return files(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** The text of the call whose '(' is at `open`, up to its matching ')'. */
function callText(src: string, open: number): string {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === '(') depth++;
    else if (src[i] === ')' && --depth === 0) return src.slice(open, i + 1);
  }
  return src.slice(open);
}

const SITES = [
  /\bWorker\.create\(/g,
  /\bWorker\.runReplayHistor(?:y|ies)\(/g,
  /\bTestWorkflowEnvironment\.(?:createTimeSkipping|createLocal|createFromExistingServer)\(/g,
  /\bcreate\(\{\s*server:/g, // tests/support/temporal.ts: the SDK's own constructor path
];

it('finds the data converter at every Temporal client, worker, test environment and replayer', () => {
  const missing: string[] = [];
  let sites = 0;
  for (const dir of DIRS) {
    for (const file of files(join(ROOT, dir))) {
      const rel = relative(ROOT, file).split('\\').join('/');
      if (EXEMPT[rel]) continue;
      const src = readFileSync(file, 'utf8');
      const patterns = [...SITES];
      // `new Client(` of Temporal's client only (pg has a Client too).
      if (/import \{[^}]*\bClient\b[^}]*\} from '@temporalio\/client'/.test(src)) patterns.push(/\bnew Client\(/g);
      for (const re of patterns) {
        for (const m of src.matchAll(re)) {
          if (src.slice(Math.max(0, m.index - 3), m.index).includes('*')) continue; // in a comment
          sites++;
          const text = callText(src, m.index + m[0].indexOf('('));
          if (!/dataConverter/.test(text)) missing.push(`${rel}:${src.slice(0, m.index).split('\n').length}: ${m[0]}`);
        }
      }
    }
  }
  expect(missing).toEqual([]);
  expect(sites).toBeGreaterThan(40);
});
