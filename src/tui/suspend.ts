/** What suspending the TUI needs from the terminal session. */
export interface SuspendHooks {
  /** Calls `cb` once no output is on its way to the terminal (at once if none is). */
  whenIdle(cb: () => void): void;
  /** Gives the terminal to the shell: main screen, cursor, mouse off, cooked mode. */
  leave(): void;
  /** Stops the process; returns when it is continued (default: SIGSTOP to itself). */
  stop(): void;
  /** Takes the terminal back and redraws everything. */
  enter(): void;
}

/** Job control for a full-screen program: Ctrl-Z (or SIGTSTP) and `fg` (SIGCONT). */
export interface Suspender {
  /** Gives the terminal back and stops the process, as Ctrl-Z does in a cooked terminal. */
  suspend(): void;
  /** True from suspend() until the process is continued. */
  readonly suspended: boolean;
  /** Removes the signal handlers. */
  dispose(): void;
}

/**
 * Makes SIGTSTP and suspend() behave like Ctrl-Z for a polite full-screen program: the
 * terminal is given back first (a shell prompt on the alternate screen, in raw mode with the
 * mouse reporting, is unusable), then the process stops; on SIGCONT (`fg`) it takes the
 * terminal again and redraws. A handler for SIGTSTP replaces the default stop, so the process
 * stops itself with SIGSTOP, which cannot be caught.
 */
export function installSuspend(hooks: SuspendHooks): Suspender {
  let suspended = false;
  let stopping = false;
  const suspend = (): void => {
    if (suspended) return;
    suspended = true;
    stopping = true;
    // A frame still on its way would land on the shell's screen after we leave.
    hooks.whenIdle(() => {
      hooks.leave();
      stopping = false;
      hooks.stop();
    });
  };
  const onCont = (): void => {
    // SIGCONT also comes to a process that was never stopped (`kill -CONT`); and while the
    // terminal is still being left, the stop has not happened yet.
    if (!suspended || stopping) return;
    suspended = false;
    hooks.enter();
  };
  process.on('SIGTSTP', suspend);
  process.on('SIGCONT', onCont);
  return {
    suspend,
    get suspended() {
      return suspended;
    },
    dispose: () => {
      process.off('SIGTSTP', suspend);
      process.off('SIGCONT', onCont);
    },
  };
}
