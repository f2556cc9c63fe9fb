#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { analyzeCommand } from './commands/analyze.js';
import { demoCommand } from './commands/demo.js';
import { sendCommand } from './commands/send.js';
import { tuiCommand } from './commands/tui.js';

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
  outputError: (text: string, write: (s: string) => void): void => write(`logstream: ${text.trim().replace(/\s*\n\s*/g, ' ')}\n`),
};

/** Builds the `logstream` program with its commands; `demo` runs when none is given. */
export function buildProgram(): Command {
  const program = new Command('logstream')
    .description('real-time log analysis in the terminal (run a command with --help for its options)')
    .version(version(), '-V, --version')
    .exitOverride()
    .configureOutput(oneLineErrors);
  for (const cmd of [demoCommand(), sendCommand(), analyzeCommand(), tuiCommand()]) {
    cmd.exitOverride().configureOutput(oneLineErrors);
    program.addCommand(cmd, cmd.name() === 'demo' ? { isDefault: true } : {});
  }
  return program;
}

async function main(): Promise<void> {
  try {
    const program = buildProgram();
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
