/** Runs `ntm …` in-process (cli/main.ts) with these environment variables; returns the exit code and all it printed. */
import { main } from '../../cli/main';

export async function ntm(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  let out = '';
  const spyOut = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const spyErr = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  try {
    const code = await main(['node', 'ntm', ...args]);
    return { code, out };
  } finally {
    spyOut.mockRestore();
    spyErr.mockRestore();
    process.exitCode = undefined;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
