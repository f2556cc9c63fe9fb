#!/usr/bin/env node
import { fstatSync } from 'node:fs';
import { CommanderError } from 'commander';
import { initConfig } from '../config/cli-config.js';
import { prestartWorkerEngine } from '../services/collector/engine-host.js';
import { buildProgram, COMMAND_NAMES, commandsToLoad, earlyEngineMode, version } from './program.js';

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
    // Before the config file is read: a version is an answer whatever that file says.
    if (commandsToLoad(process.argv.slice(2)).kind === 'version') {
      process.stdout.write(`${version()}\n`);
      return;
    }
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
    // `demo` is the default command; without this check a typo would read as an argument to it.
    if (first !== undefined && !first.startsWith('-') && !COMMAND_NAMES.includes(first) && first !== 'help') {
      process.stderr.write(`logstream: error: unknown command '${first}' (commands: ${COMMAND_NAMES.join(', ')})\n`);
      process.exit(2);
    }
    const load = commandsToLoad(process.argv.slice(2));
    const engineMode =
      load.kind === 'one' ? earlyEngineMode(load.name, process.argv.slice(2), stdinHasData()) : undefined;
    if (engineMode !== undefined) prestartWorkerEngine(engineMode);
    const program = await buildProgram(load.kind === 'one' ? load.name : undefined);
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
