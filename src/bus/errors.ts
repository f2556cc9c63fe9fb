/** A bus was configured with something it cannot use (bad URL, bad client name). */
export class BusConfigError extends Error {
  override readonly name = 'BusConfigError';
}

/** A subscriber's handler threw; delivery to the other handlers went on. */
export class BusHandlerError extends Error {
  override readonly name = 'BusHandlerError';

  constructor(
    readonly channel: string,
    cause: unknown,
  ) {
    super(`a handler for channel ${channel} threw: ${describeError(cause)}`, { cause });
  }
}

/** Where handler errors go: the `onError` option, or one console line for the first of them. */
export type BusErrorHandler = (error: BusHandlerError) => void;

/** One line describing an error of any shape (AggregateErrors from dual-stack connects have no message). */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    const inner: unknown[] = error.errors;
    return inner.map(describeError).join('; ') || errorCode(error) || 'AggregateError';
  }
  if (error instanceof Error) {
    return (error.message || errorCode(error) || error.name).replace(/\s+/g, ' ').trim();
  }
  return String(error).replace(/\s+/g, ' ').trim();
}

function errorCode(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

/** Reports handler errors to `onError`, or else logs the first one and stays quiet after it. */
export function handlerErrorReporter(onError: BusErrorHandler | undefined): (channel: string, cause: unknown) => void {
  if (onError !== undefined) return (channel, cause) => onError(new BusHandlerError(channel, cause));
  let logged = false;
  return (channel, cause) => {
    if (logged) return;
    logged = true;
    // A handler bug would otherwise repeat for every message; one line is enough to notice it.
    console.error(`${new BusHandlerError(channel, cause).message} (further handler errors are not logged)`);
  };
}
