/** Channel names of RustLogStream (docs/wire-formats.md); both can be overridden on the command line. */
export const DEFAULT_LOGS_CHANNEL = 'logs.ingest';
export const DEFAULT_STATS_CHANNEL = 'stats.update';
