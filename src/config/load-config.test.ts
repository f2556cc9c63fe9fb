import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindingsFromConfig, themeFromConfig } from './apply-config.js';
import { ConfigError, parseConfig } from './load-config.js';

describe('the config file', () => {
  it('reads colours, highlights, keys and defaults', () => {
    const config = parseConfig(`
[colors.levels]
error = "magenta"
warn = { fg = "#ffaa00", bold = true }

[colors.services]
"auth-service" = 45

[[highlight]]
pattern = "timeout"
style = { fg = "black", bg = "yellow" }

[keys]
selectOlder = ["j", "n"]

[defaults]
buffer = 50000
order = "oldest-first"
`);
    assert.equal(config.defaults?.buffer, 50_000);
    const theme = themeFromConfig(config, false);
    assert.deepEqual(theme.level.error, { fg: 'magenta' });
    assert.deepEqual(theme.level.warn, { fg: '#ffaa00', bold: true });
    assert.deepEqual(theme.serviceColor('auth-service'), { fg: 45 });
    assert.equal(theme.highlights.length, 1);
    const b = bindingsFromConfig(config);
    assert.deepEqual(b.find((x) => x.command === 'selectOlder')?.keys, ['j', 'n']);
    assert.ok(!b.some((x) => x.command === 'selectOlder' && x.keys.includes('down')));
  });

  it('names the line and key of a bad value', () => {
    assert.throws(
      () => parseConfig('[colors.levels]\ninfo = "green"\nerror = "crimson"\n', 'c.toml'),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /^c\.toml:3: colors\.levels\.error: /);
        return true;
      },
    );
  });

  it('names the line of an unknown key and of a TOML syntax error', () => {
    assert.throws(() => parseConfig('[defaults]\nbufer = 10\n', 'c.toml'), /c\.toml:2: defaults: unknown key "bufer"/);
    assert.throws(() => parseConfig('[defaults\n', 'c.toml'), /^ConfigError: c\.toml:1: /);
  });

  it('refuses a buffer larger than the collector can hold, saying the largest allowed', () => {
    assert.throws(
      () => parseConfig('[defaults]\nbuffer = 99999999999\n', 'c.toml'),
      /^ConfigError: c\.toml:2: defaults\.buffer: expected at most 10000000 logs$/,
    );
    assert.throws(() => parseConfig('[defaults]\nbuffer = 0\n', 'c.toml'), /defaults\.buffer: expected at least 1 log/);
    assert.throws(
      () => parseConfig('[defaults]\nbuffer = 2.5\n', 'c.toml'),
      /defaults\.buffer: expected a whole number of logs/,
    );
    assert.equal(parseConfig('[defaults]\nbuffer = 10000000\n').defaults?.buffer, 10_000_000);
  });

  it('never lets a rebound printable key type into the filter box', () => {
    const b = bindingsFromConfig(parseConfig('[keys]\nquit = ["x", "ctrl+q"]\n'));
    const typing = b.filter((x) => x.command === 'quit' && x.modes.includes('editing'));
    assert.deepEqual(
      typing.flatMap((x) => x.keys),
      ['ctrl+q'],
    );
    assert.ok(b.some((x) => x.command === 'quit' && x.modes.includes('normal') && x.keys.includes('x')));
  });

  it('rejects unknown commands in [keys]', () => {
    assert.throws(() => bindingsFromConfig(parseConfig('[keys]\nfly = ["f"]\n')), /keys\.fly: unknown command/);
  });

  it('runs highlight patterns that could backtrack on the linear-time engine', () => {
    for (const pattern of ['a+b', '\\s+$', '(a+)+$']) {
      const theme = themeFromConfig(parseConfig(`[[highlight]]\npattern = '${pattern}'\nstyle = "red"\n`), false);
      assert.equal(theme.highlights[0]?.pattern.engine, 're2', pattern);
    }
    const theme = themeFromConfig(parseConfig('[[highlight]]\npattern = "a+b"\nstyle = "red"\n'), false);
    assert.deepEqual(theme.highlights[0]?.pattern.ranges('xaab ab b', 5), [
      [1, 4],
      [5, 7],
    ]);
  });

  it('refuses a highlight pattern only a backtracking engine could run, naming the line and why', () => {
    assert.throws(
      () =>
        parseConfig(
          `[colors.levels]\nerror = "red"\n\n[[highlight]]\npattern = '(\\w+) \\1'\nstyle = "red"\n`,
          'c.toml',
        ),
      /^ConfigError: c\.toml:5: highlight\.0\.pattern: "\(\\w\+\) \\1": pattern needs backtracking features that could freeze the view: backreference \\1\b/,
    );
  });

  it('drops colours but keeps attributes in monochrome', () => {
    const theme = themeFromConfig(parseConfig('[colors.levels]\nerror = { fg = "red", bold = true }\n'), true);
    assert.deepEqual(theme.level.error, { fg: undefined, bg: undefined, bold: true });
  });
});
