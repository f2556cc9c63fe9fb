import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';

/** The package version, from the nearest package.json above this file (works from src/ and dist/). */
export function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
    const parent = dirname(dir);
    if (parent === dir) return '0.0.0';
    dir = parent;
  }
}

// Usage errors are one line on stderr, prefixed with the program name; --help says the rest.
export const oneLineErrors = {
  outputError: (text: string, write: (s: string) => void): void =>
    write(`logstream: ${text.trim().replace(/\s*\n\s*/g, ' ')}\n`),
};

/**
 * Each command's module, imported only when it is needed: `logstream query` over a file need
 * not load the terminal UI's modules (bench: query-file).
 */
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<Command>]> = [
  ['demo', async () => (await import('./commands/demo.js')).demoCommand()],
  ['send', async () => (await import('./commands/send.js')).sendCommand()],
  ['analyze', async () => (await import('./commands/analyze.js')).analyzeCommand()],
  ['tui', async () => (await import('./commands/tui.js')).tuiCommand()],
  ['view', async () => (await import('./commands/view.js')).viewCommand()],
  ['query', async () => (await import('./commands/query.js')).queryCommand()],
  ['ship', async () => (await import('./commands/ship.js')).shipCommand()],
  ['ingest', async () => (await import('./commands/ingest.js')).ingestCommand()],
];

/**
 * Builds the `logstream` program; `demo` runs when no command is given. With `only` naming a
 * command, that command alone is loaded (help and unknown names need them all).
 */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('logstream')
    .description('real-time log analysis in the terminal (run a command with --help for its options)')
    .version(version(), '-V, --version')
    .option('--config <path>', 'config file (default $XDG_CONFIG_HOME/logstream/config.toml)')
    .option('--ignore-config-errors', 'start with the defaults when the config file is bad')
    .exitOverride()
    .configureOutput(oneLineErrors);
  const one = COMMANDS.filter(([name]) => name === only);
  for (const cmd of await Promise.all((one.length > 0 ? one : COMMANDS).map(([, load]) => load()))) {
    cmd.exitOverride().configureOutput(oneLineErrors);
    // Accepted after the command name too (`logstream tui --config x.toml`); read by initConfig.
    if (!cmd.options.some((o) => o.long === '--config'))
      cmd
        .option('--config <path>', 'config file (default $XDG_CONFIG_HOME/logstream/config.toml)')
        .option('--ignore-config-errors', 'start with the defaults when the config file is bad');
    program.addCommand(cmd, cmd.name() === 'demo' ? { isDefault: true } : {});
  }
  return program;
}

/** The command names, in the order `--help` lists them (without loading any command). */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map(([name]) => name);

/**
 * What a command line needs loaded: `version` (nothing: -V before any command), `one` (the
 * command it names, or `demo` when it names none), or `all` (help, and unknown names, which
 * are answered with the list). Options before the command are skipped, with `--config`'s value.
 */
export function commandsToLoad(args: readonly string[]): { kind: 'version' | 'all' } | { kind: 'one'; name: string } {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--config') i++;
    else if (a === '-V' || a === '--version') return { kind: 'version' };
    else if (a === '-h' || a === '--help') return { kind: 'all' };
    else if (!a.startsWith('-')) return COMMAND_NAMES.includes(a) ? { kind: 'one', name: a } : { kind: 'all' };
  }
  return { kind: 'one', name: 'demo' };
}

/**
 * The engine mode a TUI command line will run (a guess: the options are not parsed yet), for
 * starting the engine's thread before the command's modules load; undefined for other commands
 * and for help. A wrong guess only loads modules the engine then does not use.
 */
export function earlyEngineMode(
  command: string,
  args: readonly string[],
  stdinHasData: boolean,
): 'embedded' | 'redis' | 'files' | 'local' | undefined {
  if (args.includes('-h') || args.includes('--help')) return undefined;
  if (command === 'demo') return 'embedded';
  if (command === 'tui') return 'redis';
  if (command === 'view') return stdinHasData ? 'local' : 'files';
  return undefined;
}
