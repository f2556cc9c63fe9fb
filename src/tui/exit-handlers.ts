import { inspect } from 'node:util';
import type { TerminalSession } from './terminal.js';

/** True for the errors of writing to or reading from a terminal that has gone away. */
export function isTerminalGone(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'EIO' || code === 'EPIPE' || code === 'ENXIO';
}

/** Exit codes for the signals installExitHandlers handles (128 + signal number). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Makes every way out restore the terminal first: SIGINT/SIGTERM/SIGHUP exit with
 * 130/143/129; an uncaught exception or unhandled rejection is printed to stderr after the
 * restore (so it lands on the main screen) and exits with 1. `onExit` does the exiting (flush,
 * then process.exit). Returns a function that removes the handlers.
 */
export function installExitHandlers(
  session: Pick<TerminalSession, 'restore'>,
  onExit: (code: number) => void = (code) => process.exit(code),
  stderr: { write(s: string): unknown } = process.stderr,
): () => void {
  const signalHandlers = Object.entries(SIGNAL_EXIT_CODES).map(([signal, code]) => {
    const handler = (): void => {
      session.restore();
      onExit(code);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const crash = (err: unknown): void => {
    session.restore();
    // A terminal that is gone (EIO) is a hang-up, not a crash: writing a report there would
    // fail again, and reporting that failure would never end.
    if (isTerminalGone(err)) {
      onExit(SIGNAL_EXIT_CODES.SIGHUP);
      return;
    }
    stderr.write(`${inspect(err)}\n`);
    onExit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  return () => {
    for (const [signal, handler] of signalHandlers) process.off(signal, handler);
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
  };
}
