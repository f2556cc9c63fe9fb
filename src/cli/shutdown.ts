/**
 * A signal that arrives this soon after the first is the same stop delivered twice: a Ctrl-C
 * reaches the whole process group, and a parent such as npm or timeout forwards it as well.
 */
const DUPLICATE_WITHIN_MS = 200;

/**
 * One place that turns SIGINT/SIGTERM/SIGHUP into an orderly stop: the handler flushes what the
 * service holds, then the process exits with the signal's conventional code. A second signal
 * (later than `DUPLICATE_WITHIN_MS` after the first) exits at once.
 */
export function onShutdown(stop: () => Promise<void>, opts: { exitCode?: number } = {}): void {
  let stoppingSince: number | undefined;
  const handler = (signal: NodeJS.Signals): void => {
    // A command whose normal end is a Ctrl-C (a live query) exits with `exitCode` instead.
    const code = opts.exitCode ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15);
    if (stoppingSince !== undefined) {
      if (performance.now() - stoppingSince < DUPLICATE_WITHIN_MS) return;
      process.exit(code);
    }
    stoppingSince = performance.now();
    const timer = setTimeout(() => process.exit(code), 5000);
    timer.unref();
    stop().then(
      () => process.exit(code),
      (err: unknown) => {
        process.stderr.write(`logstream: error while stopping: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  process.on('SIGHUP', handler);
}
