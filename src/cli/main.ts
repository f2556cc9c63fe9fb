#!/usr/bin/env node
import { existsSync, fstatSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { analyzeCommand } from './commands/analyze.js';
import { demoCommand } from './commands/demo.js';
import { ingestCommand } from './commands/ingest.js';
import { queryCommand } from './commands/query.js';
import { sendCommand } from './commands/send.js';
import { shipCommand } from './commands/ship.js';
import { tuiCommand } from './commands/tui.js';
import { viewCommand } from './commands/view.js';
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

/** Builds the `logstream` program with its commands; `demo` runs when none is given. */
export function buildProgram(): Command {
  const program = new Command('logstream')
    .description('real-time log analysis in the terminal (run a command with --help for its options)')
    .version(version(), '-V, --version')
    .option('--config <path>', 'config file (default $XDG_CONFIG_HOME/logstream/config.toml)')
    .option('--ignore-config-errors', 'start with the defaults when the config file is bad')
    .exitOverride()
    .configureOutput(oneLineErrors);
  for (const cmd of [
    demoCommand(),
    sendCommand(),
    analyzeCommand(),
    tuiCommand(),
    viewCommand(),
    queryCommand(),
    shipCommand(),
    ingestCommand(),
  ]) {
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
    initConfig(process.argv.slice(2));
    const program = buildProgram();
    // `some-command | logstream [options]`: no command and logs piped in means viewing them.
    const arg = process.argv[2];
    if (
      (arg === undefined || (arg.startsWith('-') && !['-h', '--help', '-V', '--version'].includes(arg))) &&
      stdinHasData()
    ) {
      process.argv.splice(2, 0, 'view');
    }
    const first = process.argv[2];
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
