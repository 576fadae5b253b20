/**
 * Where the time goes: sums a V8 .cpuprofile's self time by package or project folder, and lists the
 * hottest functions. `npx tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top]`
 *
 * Produce them with: node --cpu-prof --cpu-prof-dir=bench-results/prof --import tsx scripts/bench.ts --only=province --province-scale=0.05
 * (NODE_OPTIONS refuses --cpu-prof; one file per thread: the workflow thread is a separate file).
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

function bucket(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const proj = /\/work\/[^/]+\/([^/]+)\//.exec(url);
  if (proj) return `project:${proj[1]}`;
  // Workflow code runs from the bundle inside the worker's V8 contexts.
  if (/workflow|bundle/i.test(url)) return 'workflow-bundle';
  return url.split('/').slice(-2).join('/');
}

export function summarise(p: Profile, top = 25): { total: number; byBucket: [string, number][]; byFunction: [string, number][] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const buckets = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    total += us;
    const b = bucket(n.callFrame.url, n.callFrame.functionName);
    buckets.set(b, (buckets.get(b) ?? 0) + us);
    const f = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
    fns.set(f, (fns.get(f) ?? 0) + us);
  }
  const sort = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { total, byBucket: sort(buckets), byFunction: sort(fns) };
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: profile-summary.ts <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 25));
  const pct = (us: number) => `${((100 * us) / s.total).toFixed(1).padStart(5)} %  ${(us / 1e6).toFixed(1).padStart(6)} s`;
  process.stdout.write(`total sampled ${(s.total / 1e6).toFixed(1)} s\n\nby package / folder (self time):\n`);
  for (const [b, us] of s.byBucket) process.stdout.write(`  ${pct(us)}  ${b}\n`);
  process.stdout.write('\nhottest functions (self time):\n');
  for (const [f, us] of s.byFunction) process.stdout.write(`  ${pct(us)}  ${f}\n`);
}
