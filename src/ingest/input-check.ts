import { accessSync, constants, statSync } from 'node:fs';

/** What describeFsError says of a path that does not exist. */
export const MISSING = 'no such file or directory';

/** Why a file system call failed, in words a person can act on (`it is a directory`). */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return MISSING;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/**
 * Why `path` cannot be read as a log input, or undefined when it can: it exists, is no
 * directory, and may be read. The file is not opened: opening a FIFO would release a writer
 * waiting for a reader, which would then lose what it writes when the check closes it again.
 */
export function inputProblem(path: string): string | undefined {
  try {
    if (statSync(path).isDirectory()) return 'it is a directory';
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (err) {
    return describeFsError(err);
  }
}
