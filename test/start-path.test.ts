import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = join(root, 'src');

// Static imports and re-exports that stay in the emitted JavaScript: `import type` is erased,
// dynamic `import()` loads when it runs.
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm;

/**
 * What loading `entries` (paths under src/, .ts) loads before any of its code runs: src/ paths
 * and package names.
 */
function startPath(...entries: string[]): Set<string> {
  const seen = new Set<string>();
  const todo = entries.map((e) => join(src, e));
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    const key = relative(src, file);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const spec = m[1] as string;
      if (spec.startsWith('node:')) continue;
      if (!spec.startsWith('.')) {
        seen.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string));
        continue;
      }
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      assert.ok(existsSync(target), `${key} imports ${spec}, which is not there`);
      todo.push(target);
    }
  }
  return seen;
}

function assertNone(loaded: Set<string>, forbidden: readonly string[], what: string): void {
  const found = [...loaded].filter((m) => forbidden.some((f) => (f.endsWith('/') ? m.startsWith(f) : m === f)));
  assert.deepEqual(found, [], `${what} loads ${found.join(', ')}`);
}

/** What the first screen of a TUI command does not need on the UI thread: the engine's side and the config schema. */
const NOT_ON_THE_UI_THREAD = [
  'zod',
  'smol-toml',
  'config/load-config.ts',
  'config/schema.ts',
  'services/analyzer.ts',
  'services/sender.ts',
  'services/collector/engine.ts',
  'services/collector/engine-service.ts',
  'services/collector/file-engine.ts',
  'services/collector/request-handler.ts',
  'services/collector/export.ts',
  'ingest/file-index/',
];

/** Redis clients: view and demo need none; tui's options go through bus-factory, which opens buses too. */
const REDIS_CLIENTS = ['bus/redis-bus.ts', 'bus/open-bus.ts', 'bus/cluster/'];

describe('the start path', () => {
  it('of `logstream --version` loads no command, no terminal UI and no engine', () => {
    const loaded = startPath('cli/main.ts');
    assertNone(loaded, ['cli/commands/', 'tui/', 'services/collector/engine.ts', 'zod', 'smol-toml'], 'main.ts');
  });

  it("of view, tui and demo keeps the engine's modules and the config schema off the UI thread", () => {
    for (const command of ['view', 'tui', 'demo']) {
      const loaded = startPath('cli/main.ts', `cli/commands/${command}.ts`);
      assert.ok(loaded.has('tui/app/app.ts'), `${command} starts the TUI`);
      assertNone(
        loaded,
        command === 'tui' ? NOT_ON_THE_UI_THREAD : [...NOT_ON_THE_UI_THREAD, ...REDIS_CLIENTS],
        command,
      );
    }
  });

  it("of the engine's thread loads a mode's modules only when that mode runs", () => {
    const loaded = startPath('services/collector/engine-worker.ts');
    assertNone(
      loaded,
      [
        'services/collector/file-worker.ts',
        'services/collector/engine-service.ts',
        'services/analyzer.ts',
        'services/sender.ts',
        'bus/open-bus.ts',
        'bus/memory-bus.ts',
        'ingest/local-mode.ts',
      ],
      'engine-worker.ts',
    );
  });

  it('of `view FILE` in the engine thread loads no Redis client, sender or live engine', () => {
    const loaded = startPath('services/collector/file-worker.ts');
    assert.ok(loaded.has('services/collector/file-engine.ts'));
    assertNone(
      loaded,
      [
        'bus/open-bus.ts',
        'bus/redis-bus.ts',
        'bus/cluster/',
        'services/sender.ts',
        'services/collector/engine.ts',
        'zod',
      ],
      'file-worker.ts',
    );
  });
});
