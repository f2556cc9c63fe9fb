import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { DEFAULT_BINDINGS, type Binding } from '../src/tui/keys/bindings.js';
import { isInputMode } from '../src/tui/keys/commands.js';
import { keyLabel } from '../src/tui/view/help-items.js';
import { CLI } from './helpers/cli.js';

// The documentation says what the program does: these read it against the program itself.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** The README's key table and the paragraph on the input boxes after it. */
function readmeKeys(): { table: string; boxes: string } {
  const readme = read('README.md');
  const start = readme.indexOf('| key | action |');
  assert.ok(start >= 0, 'the README has a key table');
  const end = readme.indexOf('\n\n', start);
  const boxesEnd = readme.indexOf('\n\n', end + 2);
  return { table: readme.slice(start, end), boxes: readme.slice(end, boxesEnd) };
}

const inInputBoxOnly = (b: Binding): boolean => b.modes.every(isInputMode);

describe('the README key table', () => {
  it('names every key of the keybinding table', () => {
    const { table, boxes } = readmeKeys();
    const missing = DEFAULT_BINDINGS.flatMap((b) =>
      b.keys
        .filter((k) => {
          if (k.startsWith('wheel')) return !table.includes('mouse wheel');
          const label = `\`${keyLabel(k)}\``;
          return !(table.includes(label) || (inInputBoxOnly(b) && boxes.includes(label)));
        })
        .map((k) => `${keyLabel(k)} (${b.command})`),
    );
    assert.deepEqual(missing, []);
  });
});

describe('docs/configuration.md', () => {
  it('lists every binding with the command name that [keys] takes', () => {
    const doc = read('docs/configuration.md');
    const where = (b: Binding): string =>
      b.modes
        .map((m) => (m === 'editing' ? 'filter/search box' : m))
        .filter((m) => m !== 'search' && m !== 'export' && m !== 'time')
        .join(', ');
    const missing = DEFAULT_BINDINGS.map(
      (b) => `| \`${b.command}\` | ${where(b)} | ${b.keys.map((k) => `\`${k}\``).join(' ')} | ${b.description} |`,
    ).filter((row) => !doc.includes(row));
    assert.deepEqual(missing, []);
  });

  it('shows the error a bad file really gives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logstream-doc-config-'));
    try {
      writeFileSync(join(dir, 'config.toml'), '[colors.levels]\nwarn = "#ffaa00"\nerror = "purple"\n');
      const r = spawnSync(process.execPath, [CLI, 'tui', '--config', 'config.toml'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 2);
      const line = r.stderr.trim();
      assert.match(line, /^logstream: error: config\.toml:3: colors\.levels\.error: /);
      assert.ok(read('docs/configuration.md').includes(`\n${line}\n`), `the documented example is not: ${line}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Docker Compose example in docs/ingest.md', () => {
  it('defines every service that it depends on or that its text runs', () => {
    const doc = read('docs/ingest.md');
    const section = doc.slice(
      doc.indexOf('## Docker Compose'),
      doc.indexOf('\n## ', doc.indexOf('## Docker Compose') + 1),
    );
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(yaml !== undefined, 'a yaml block');
    const services = (parse(yaml) as { services: Record<string, { image?: string; depends_on?: string[] }> }).services;
    for (const [name, s] of Object.entries(services))
      for (const d of s.depends_on ?? []) assert.ok(d in services, `${name} depends on ${d}`);
    for (const m of section.matchAll(/docker compose run --rm (\S+?)`/g))
      assert.ok(m[1]! in services, `the text runs ${m[1]}`);
    for (const [name, s] of Object.entries(services))
      if (name !== 'api')
        assert.ok(s.image === 'logstream' || /^redis(:|$)/.test(s.image ?? ''), `${name}: ${s.image}`);
  });
});
