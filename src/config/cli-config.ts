import { ConfigError, configPath } from './config-path.js';
import type { ConfigFile } from './schema.js';

let active: ConfigFile | undefined;

/** The config file in force for this process (after initConfig). */
export function activeConfig(): ConfigFile | undefined {
  return active;
}

/**
 * Loads the config file named by `--config PATH` in argv, else the one in the XDG config
 * directory when it exists. A bad file throws ConfigError (one line naming the line and key),
 * unless `--ignore-config-errors` is given: then it warns on stderr and uses the defaults.
 */
export async function initConfig(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const ignore = argv.includes('--ignore-config-errors');
  let explicit: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config') explicit = argv[i + 1];
    else if (a.startsWith('--config=')) explicit = a.slice('--config='.length);
  }
  if (argv.includes('--config') && (explicit === undefined || explicit.startsWith('-')))
    throw new ConfigError('--config needs a file path');
  const where = configPath(explicit, env);
  if (where === undefined) return;
  try {
    // Imported only now: without a config file, a command starts without loading the schema.
    const { loadConfig } = await import('./load-config.js');
    active = loadConfig(where.path);
  } catch (err) {
    if (!(err instanceof ConfigError) || !ignore) throw err;
    process.stderr.write(`logstream: warning: ignoring the config file: ${err.message}\n`);
  }
}
