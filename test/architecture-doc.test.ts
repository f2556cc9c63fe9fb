import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

// docs/architecture.md names files and functions for a newcomer to open: these keep it true.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const DOC = 'docs/architecture.md';

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Every path in the text that starts at a top-level folder of the repository, e.g. `src/tui/app/app.ts`. */
function citedPaths(text: string): string[] {
  return [
    ...new Set(
      [...text.matchAll(/(?<![\w./-])(?:src|test|bench|docs|scripts)\/[\w./-]*/g)].map((m) =>
        m[0].replace(/[.]+$/, ''),
      ),
    ),
  ];
}

/** The main files of the "Where things live" table, each resolved against its row's folder. */
function tableFiles(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    const folder = cells[1];
    if (folder === undefined || !/^(?:src|test|bench|docs)\/[\w./-]*$/.test(folder) || cells[3] === undefined) continue;
    for (const m of cells[3].matchAll(/(?<![\w./-])[\w.-]+(?:\/[\w.-]+)*(?:\.(?:ts|md)|\/)(?![\w.-])/g)) {
      out.push(/^(?:src|test|bench|docs)\//.test(m[0]) ? m[0] : join(folder, m[0]));
    }
  }
  return out;
}

const IDENT = /^([A-Za-z_$][\w$]*)(?:\.([A-Za-z_$][\w$]*))?(?:\(\))?$/;

/** A name that reads as code rather than a word: camelCase, PascalCase with an inner capital, or CONSTANT_CASE. */
function looksLikeCode(name: string, strict: boolean): boolean {
  if (/[a-z][A-Z]/.test(name) || /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(name)) return true;
  return !strict && /[A-Z]/.test(name);
}

/** The code names the doc cites: names in backticks, and names in the diagrams. */
function citedNames(text: string): { name: string; member: string | undefined }[] {
  const names = new Map<string, { name: string; member: string | undefined }>();
  const add = (name: string, member: string | undefined): void =>
    void names.set(`${name}.${member ?? ''}`, { name, member });
  const prose = text.replace(/```[\s\S]*?```/g, '');
  for (const m of prose.matchAll(/`([^`\n]+)`/g)) {
    const id = IDENT.exec(m[1]!);
    if (id !== null && (looksLikeCode(id[1]!, false) || m[1]!.endsWith('()'))) add(id[1]!, id[2]);
  }
  for (const block of text.matchAll(/```\n([\s\S]*?)```/g)) {
    for (const m of block[1]!.matchAll(/(?<![\w.$'"])([A-Za-z_$][\w$]*)(?:\.([A-Za-z_$][\w$]*))?/g)) {
      if (looksLikeCode(m[1]!, true)) add(m[1]!, m[2]);
    }
  }
  return [...names.values()];
}

/** Names cited with their file: "`kindOf` (src/sources/service-profile.ts" or "`perform` in src/tui/app/app.ts". */
function namesWithFiles(text: string): { name: string; file: string }[] {
  return [...text.matchAll(/`([A-Za-z_$][\w$]*)`(?:'s)?\s+(?:\(|in\s+)(src\/[\w./-]+\.ts)/g)].map((m) => ({
    name: m[1]!,
    file: m[2]!,
  }));
}

/** The source without its import and re-export statements, which name what other files declare. */
function withoutImports(source: string): string {
  return source.replace(/^import\b[^;]*;/gm, '').replace(/^export\s+(?:type\s+)?\{[^}]*\}\s*from\s*'[^']*';?/gm, '');
}

/** Whether `source` declares `name`: a function, class, type, variable, method, property or message type. */
function declares(source: string, name: string): boolean {
  const n = name.replace(/\$/g, '\\$');
  return (
    source.includes(`type: '${name}'`) ||
    new RegExp(`\\b(?:function\\*?|class|interface|type|enum|const|let|var)\\s+${n}\\b`).test(source) ||
    new RegExp(
      `^\\s*(?:(?:export|public|private|protected|readonly|static|async|get|set|override|abstract)\\s+)*${n}\\s*\\??\\s*[(:=<]`,
      'm',
    ).test(source)
  );
}

const sources = walk(join(ROOT, 'src'))
  .filter((p) => p.endsWith('.ts') && !p.endsWith('.test.ts'))
  .map((p) => withoutImports(readFileSync(p, 'utf8')));

describe('docs/architecture.md', () => {
  const doc = read(DOC);

  it('cites only paths that exist', () => {
    const paths = citedPaths(doc);
    assert.ok(paths.length > 50, `only ${paths.length} paths found: the extraction is broken`);
    assert.deepEqual(
      paths.filter((p) => !existsSync(join(ROOT, p))),
      [],
    );
  });

  it('lists only main files that exist in its table of folders', () => {
    const files = tableFiles(doc);
    assert.ok(files.length > 50, `only ${files.length} files found: the table's shape changed`);
    assert.deepEqual(
      files.filter((p) => !existsSync(join(ROOT, p))),
      [],
    );
  });

  it('cites only functions, types and members that the code declares', () => {
    const names = citedNames(doc);
    assert.ok(names.length > 50, `only ${names.length} names found: the extraction is broken`);
    const missing = names.flatMap(({ name, member }) => {
      const owners = sources.filter((s) => declares(s, name));
      if (owners.length === 0) return [name];
      if (member !== undefined && !owners.some((s) => declares(s, member))) return [`${name}.${member}`];
      return [];
    });
    assert.deepEqual(missing, []);
  });

  it('finds each name in the file it says it is in', () => {
    const pairs = namesWithFiles(doc);
    assert.ok(pairs.length > 10, `only ${pairs.length} names with files found`);
    const wrong = pairs
      .filter(({ name, file }) => !existsSync(join(ROOT, file)) || !declares(withoutImports(read(file)), name))
      .map(({ name, file }) => `${name} in ${file}`);
    assert.deepEqual(wrong, []);
  });

  it('states the layer order that test/layers.test.ts enforces', () => {
    const literal = /export const LAYERS[^=]*=\s*(\[[\s\S]*?\]);/.exec(read('test/layers.test.ts'))?.[1];
    assert.ok(literal !== undefined, 'LAYERS found in test/layers.test.ts');
    const layers = JSON.parse(literal.replace(/'/g, '"').replace(/,(\s*\])/g, '$1')) as string[][];
    const order = layers.map((names) => names.join(', ')).join(' < ');
    assert.ok(doc.includes(`\n${order}\n`), `the doc does not state: ${order}`);
  });

  it('shows every folder of src/ that holds code, as a row or by a main file in it', () => {
    const folders = new Set(
      walk(join(ROOT, 'src'))
        .filter((p) => p.endsWith('.ts'))
        .map((p) => relative(ROOT, dirname(p))),
    );
    const rows = new Set([...doc.matchAll(/^\| (src\/[\w/-]*?)\/? \|/gm)].map((m) => m[1]!));
    const files = tableFiles(doc);
    assert.deepEqual(
      [...folders].filter((d) => !rows.has(d) && !files.some((f) => f.startsWith(`${d}/`))),
      [],
    );
  });
});

describe("the README's development map", () => {
  const readme = read('README.md');
  const start = readme.indexOf('## Development');
  const map = /```\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? '';

  it('names every folder of src/ and links docs/architecture.md', () => {
    assert.ok(start >= 0 && map !== '', 'a Development section with a map');
    const folders = readdirSync(join(ROOT, 'src')).filter((n) => statSync(join(ROOT, 'src', n)).isDirectory());
    assert.deepEqual(
      folders.filter((f) => !map.includes(`src/${f}/`)),
      [],
    );
    assert.ok(readme.slice(start).includes('](docs/architecture.md)'), 'a link to docs/architecture.md');
  });

  it('cites only paths that exist', () => {
    assert.deepEqual(
      citedPaths(map).filter((p) => !existsSync(join(ROOT, p))),
      [],
    );
  });
});
