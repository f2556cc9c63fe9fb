import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildProgram, COMMAND_NAMES, commandsToLoad, earlyEngineMode } from './program.js';

describe('the logstream program', () => {
  it('loads each command on its own, under its own name, with the shared --config option', async () => {
    for (const name of COMMAND_NAMES) {
      const program = await buildProgram(name);
      assert.deepEqual(
        program.commands.map((c) => c.name()),
        [name],
      );
      assert.ok(
        program.commands[0]?.options.some((o) => o.long === '--config'),
        `${name} --config`,
      );
    }
  });

  it('lists every command in --help when built whole', async () => {
    const program = await buildProgram();
    assert.deepEqual(
      program.commands.map((c) => c.name()),
      [...COMMAND_NAMES],
    );
    const help = program.helpInformation();
    for (const name of COMMAND_NAMES) assert.match(help, new RegExp(`^\\s+${name}\\b`, 'm'), name);
  });
});

describe('commandsToLoad', () => {
  it('loads only the command a command line names, after the global options', () => {
    assert.deepEqual(commandsToLoad(['view', 'app.log']), { kind: 'one', name: 'view' });
    assert.deepEqual(commandsToLoad(['--config', 'c.toml', 'tui', '--redis', 'redis://x']), {
      kind: 'one',
      name: 'tui',
    });
    assert.deepEqual(commandsToLoad(['--ignore-config-errors', 'query', 'x']), { kind: 'one', name: 'query' });
  });

  it('loads the default command, demo, when none is named', () => {
    assert.deepEqual(commandsToLoad([]), { kind: 'one', name: 'demo' });
    assert.deepEqual(commandsToLoad(['--config', 'view']), { kind: 'one', name: 'demo' });
  });

  it('loads nothing for the version and every command for help or an unknown name', () => {
    assert.deepEqual(commandsToLoad(['--version']), { kind: 'version' });
    assert.deepEqual(commandsToLoad(['--config', 'c.toml', '-V']), { kind: 'version' });
    assert.deepEqual(commandsToLoad(['--help']), { kind: 'all' });
    assert.deepEqual(commandsToLoad(['help', 'view']), { kind: 'all' });
    assert.deepEqual(commandsToLoad(['--rate', '5']), { kind: 'all' });
    assert.deepEqual(commandsToLoad(['view', '--version']), { kind: 'one', name: 'view' });
  });
});

describe('earlyEngineMode', () => {
  it("guesses the engine's mode of the TUI commands, and starts none for help or other commands", () => {
    assert.equal(earlyEngineMode('demo', ['demo'], false), 'embedded');
    assert.equal(earlyEngineMode('tui', ['tui', '--redis', 'redis://x'], false), 'redis');
    assert.equal(earlyEngineMode('view', ['view', 'app.log'], false), 'files');
    assert.equal(earlyEngineMode('view', ['view'], true), 'local');
    assert.equal(earlyEngineMode('view', ['view', '--help'], false), undefined);
    assert.equal(earlyEngineMode('query', ['query', 'x', 'app.log'], false), undefined);
  });
});
