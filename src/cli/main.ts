#!/usr/bin/env node
import { existsSync, fstatSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { initConfig } from '../config/cli-config.js';

/** The package version, from the nearest package.json above this file (works from src/ and dist/). */
function version(): string {
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
const oneLineErrors = {
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

/** True when stdin carries data (a pipe, a file, a socket), not a terminal or /dev/null. */
function stdinHasData(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile() || st.isSocket();
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  try {
    await initConfig(process.argv.slice(2));
    // `some-command | logstream [options]`: no command and logs piped in means viewing them.
    const arg = process.argv[2];
    if (
      (arg === undefined || (arg.startsWith('-') && !['-h', '--help', '-V', '--version'].includes(arg))) &&
      stdinHasData()
    ) {
      process.argv.splice(2, 0, 'view');
    }
    const first = process.argv[2];
    const program = await buildProgram(first);
    const names = program.commands.map((c) => c.name());
    // `demo` is the default command; without this check a typo would read as an argument to it.
    if (first !== undefined && !first.startsWith('-') && !names.includes(first) && first !== 'help') {
      process.stderr.write(`logstream: error: unknown command '${first}' (commands: ${names.join(', ')})\n`);
      process.exit(2);
    }
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed the one-line error or the help text.
      process.exit(err.exitCode === 0 ? 0 : 2);
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`logstream: error: ${message}\n`);
    process.exit(2);
  }
}

await main();
