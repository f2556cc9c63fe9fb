/**
 * One place that turns SIGINT/SIGTERM/SIGHUP into an orderly stop: the handler flushes what the
 * service holds, then the process exits with the signal's conventional code. A second signal
 * exits at once.
 */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    const code = 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15);
    if (stopping) process.exit(code);
    stopping = true;
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
