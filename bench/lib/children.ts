import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A bench helper process (dist/bench/lib/child-*.js) with its stdout collected. */
export interface ChildRun {
  pid: number;
  /** Resolves with the exit code and the JSON line the child printed last (undefined if none). */
  done: Promise<{ code: number; result: Record<string, number> | undefined; stderr: string }>;
  kill(): void;
}

/** Starts `node dist/bench/lib/<script>.js ...args`. */
export function startChild(script: string, args: string[]): ChildRun {
  const path = fileURLToPath(new URL(`./${script}.js`, import.meta.url));
  const child = spawn(process.execPath, [path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4096)));
  // Killed with the bench; the hook goes with the child, so that a long run does not pile them up.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const done = new Promise<{ code: number; result: Record<string, number> | undefined; stderr: string }>((resolve) => {
    child.on('exit', (code) => {
      process.off('exit', killOnExit);
      let result: Record<string, number> | undefined;
      try {
        result = JSON.parse(out.trim().split('\n').at(-1) ?? '') as Record<string, number>;
      } catch {
        result = undefined;
      }
      resolve({ code: code ?? 1, result, stderr: err });
    });
  });
  return { pid: child.pid ?? -1, done, kill: () => child.kill('SIGKILL') };
}
