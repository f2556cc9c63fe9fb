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

/** Builds the `logstream` program with its commands; `demo` runs when none is given. */
export function buildProgram(): Command {
  const program = new Command('logstream')
    .description('real-time log analysis in the terminal (run a command with --help for its options)')
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const cmd of [demoCommand(), sendCommand(), analyzeCommand(), tuiCommand()]) {
    cmd.exitOverride().showHelpAfterError('(run with --help for usage)');
    program.addCommand(cmd, cmd.name() === 'demo' ? { isDefault: true } : {});
  }
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
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
