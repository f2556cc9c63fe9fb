/** Channel names of the original system; both can be overridden on the command line. */
export const DEFAULT_LOGS_CHANNEL = 'logs.ingest';
export const DEFAULT_STATS_CHANNEL = 'stats.update';
