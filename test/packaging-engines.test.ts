import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { notCovered, satisfies } from './helpers/node-range.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Manifest {
  name?: string;
  engines?: { node?: string };
  devEngines?: { runtime?: { name?: string; version?: string } };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function manifest(file: string): Manifest {
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

const pkg = manifest(join(ROOT, 'package.json'));
const runtime = pkg.engines?.node ?? '';
const development = pkg.devEngines?.runtime?.version ?? '';

/** Where Node would load `name` from, as seen from the package in `fromDir`. */
function resolvePackage(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The installed packages the runtime dependencies pull in, transitively, with their manifests. */
function runtimeTree(): Map<string, Manifest> {
  const seen = new Map<string, Manifest>();
  const visit = (deps: Record<string, string>, fromDir: string): void => {
    for (const name of Object.keys(deps)) {
      const file = resolvePackage(name, fromDir);
      if (file === undefined || seen.has(file)) continue;
      const m = manifest(file);
      seen.set(file, m);
      visit({ ...m.dependencies, ...m.optionalDependencies }, dirname(file));
    }
  };
  visit(pkg.dependencies ?? {}, ROOT);
  return seen;
}

/** Every installed package (development ones included), at any depth. */
function allInstalled(dir = join(ROOT, 'node_modules'), out = new Map<string, Manifest>()): Map<string, Manifest> {
  for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
    if (entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (entry.startsWith('@')) {
      allInstalled(path, out);
      continue;
    }
    const file = join(path, 'package.json');
    if (!existsSync(file)) continue;
    out.set(file, manifest(file));
    allInstalled(join(path, 'node_modules'), out);
  }
  return out;
}

function tooDemanding(packages: Map<string, Manifest>, ours: string): string[] {
  return [...packages]
    .filter(([, m]) => m.engines?.node !== undefined)
    .flatMap(([file, m]) => {
      const gaps = notCovered(ours, m.engines!.node!);
      return gaps.length === 0 ? [] : [`${m.name ?? file} wants node ${m.engines!.node}, not ${gaps[0]!.join('.')}`];
    });
}

describe('the Node.js versions package.json asks for', () => {
  it('include the running Node.js, for users (engines) and for development (devEngines)', () => {
    assert.ok(
      satisfies(process.versions.node, runtime),
      `node ${process.versions.node} is not in engines.node "${runtime}"`,
    );
    assert.equal(pkg.devEngines?.runtime?.name, 'node');
    assert.ok(
      satisfies(process.versions.node, development),
      `node ${process.versions.node} is not in devEngines "${development}"`,
    );
  });

  it('ask users for no version that a runtime dependency refuses', () => {
    const tree = runtimeTree();
    assert.ok(tree.size >= Object.keys(pkg.dependencies ?? {}).length, 'the runtime dependencies are installed');
    assert.deepEqual(tooDemanding(tree, runtime), []);
  });

  it('ask developers for no version that an installed package refuses', () => {
    assert.deepEqual(tooDemanding(allInstalled(), development), []);
  });

  it('ask developers for at least what users need', () => {
    assert.deepEqual(notCovered(development, runtime), []);
  });
});

describe('the engines range reader', () => {
  it('reads the forms that engines fields use', () => {
    const cases: [string, string, boolean][] = [
      ['20.0.0', '>=20', true],
      ['19.9.9', '>=20', false],
      ['20.18.3', '^20.19.0 || ^22.13.0 || >=24', false],
      ['20.19.0', '^20.19.0 || ^22.13.0 || >=24', true],
      ['21.7.0', '^20.19.0 || ^22.13.0 || >=24', false],
      ['23.1.0', '^20.19.0 || ^22.13.0 || >=24', false],
      ['24.0.0', '^20.19.0 || ^22.13.0 || >=24', true],
      ['14.6.0', '>= 14.6', true],
      ['14.5.9', '>= 14.6', false],
      ['21.0.0', '20 || >=22', false],
      ['20.5.1', '20 || >=22', true],
      ['18.0.0', '*', true],
      ['1.2.9', '~1.2', true],
      ['1.3.0', '~1.2', false],
      ['0.2.9', '^0.2.3', true],
      ['0.3.0', '^0.2.3', false],
      ['2.5.0', '1 - 2', true],
      ['3.0.0', '1 - 2', false],
      ['20.0.0', '>19', true],
      ['19.5.0', '>19', false],
    ];
    for (const [version, range, expected] of cases)
      assert.equal(satisfies(version, range), expected, `${version} in "${range}"`);
  });

  it('finds the versions one range allows and another refuses', () => {
    assert.deepEqual(notCovered('>=20', '>=20'), []);
    assert.ok(notCovered('>=20', '^20.19.0 || >=22').some((v) => v[0] === 20 && v[1] < 19));
    assert.ok(notCovered('>=20', '^20.19.0 || >=22').some((v) => v[0] === 21));
    assert.deepEqual(notCovered('^20.19.0 || ^22.13.0 || >=24', '^18.18.0 || ^20.9.0 || >=21.1.0'), []);
  });

  it('refuses a range it cannot read instead of guessing', () => {
    assert.throws(() => satisfies('20.0.0', '>=20 <banana'));
  });
});
