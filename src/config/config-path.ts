import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/*
 * Where the config file is, apart from reading it: the schema that validates a file is a large
 * module tree, loaded only when there is a file to read (see cli-config.ts).
 */

/** A config file problem, with where it is: `config.toml:12: colors.levels.error: expected …`. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The config file to read: --config, else $XDG_CONFIG_HOME/logstream/config.toml (or ~/.config/…). */
export function configPath(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { path: string; explicit: boolean } | undefined {
  if (explicit !== undefined) return { path: explicit, explicit: true };
  const base =
    env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  const path = join(base, 'logstream', 'config.toml');
  return existsSync(path) ? { path, explicit: false } : undefined;
}
