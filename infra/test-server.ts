/**
 * The Java time-skipping test server, started by us rather than by the SDK. The SDK's ephemeral-server
 * start gives the JVM a fixed 5 s to open its port; on a loaded 2-core machine the JVM (≈ 60 jars)
 * sometimes needs more, and the suite failed by timing (3 of 761 tests in one run, all "did not start
 * within 5s"). Here the wait is ours (default 90 s, with the server's output in the error), and the
 * test environment connects to the running server with time skipping on. Like the SDK, the server gets
 * only its port: time moves when the test unlocks it (env.sleep, awaiting a result), not on its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, isPortListening } from './temporal-dev-server';

export interface TestServer {
  address: string;
  port: number;
  stop(): Promise<void>;
}

export async function startTestServer(executable: string, opts: { startTimeoutMs?: number } = {}): Promise<TestServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(executable, [String(port)], { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  let output = '';
  const keep = (b: Buffer): void => {
    output = (output + b.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  const stop = async (): Promise<void> => {
    if (exited !== undefined || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
      }, 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  };
  const deadline = Date.now() + (opts.startTimeoutMs ?? 90_000);
  while (!(await isPortListening(port))) {
    if (exited !== undefined) throw new Error(`Temporal test server exited (code ${exited}) before listening on ${port}:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Temporal test server did not listen on 127.0.0.1:${port} within ${opts.startTimeoutMs ?? 90_000} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { address: `127.0.0.1:${port}`, port, stop };
}
