import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The layer order of src/, lowest first (docs/architecture.md). A module may import from its
 * own folder and from any lower layer, never from a higher one or a sibling on its layer.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['protocol'],
  ['core', 'bus'],
  ['query', 'sources', 'ingest'],
  ['services'],
  ['tui'],
  ['config'],
  ['cli'],
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const layerOf = new Map(LAYERS.flatMap((names, level) => names.map((n) => [n, level] as const)));

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The src/ folder a path is in ('protocol', 'tui', …), or undefined outside src/. */
function folderOf(path: string): string | undefined {
  const rel = relative(join(root, 'src'), path);
  return rel.startsWith('..') ? undefined : rel.split('/')[0];
}

describe('the layers of src/', () => {
  it('give every folder of src/ a place', () => {
    const folders = readdirSync(join(root, 'src')).filter((n) => statSync(join(root, 'src', n)).isDirectory());
    assert.deepEqual(
      folders.filter((f) => !layerOf.has(f)),
      [],
    );
  });

  it('hold: no import points up a layer or sideways to a sibling', () => {
    const violations: string[] = [];
    for (const file of walk(join(root, 'src'), [])) {
      const from = folderOf(file)!;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
        const to = folderOf(resolve(dirname(file), m[1]!));
        if (to === undefined || to === from) continue;
        if ((layerOf.get(to) ?? Infinity) >= (layerOf.get(from) ?? -1))
          violations.push(`${relative(root, file)} imports ${m[1]}`);
      }
    }
    assert.deepEqual(violations, []);
  });
});
