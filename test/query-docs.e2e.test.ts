import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { runCli } from './helpers/cli.js';

// docs/query.md shows commands with their output: these run them and compare.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(join(ROOT, 'docs/query.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'logstream-query-docs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The code blocks of the document, in order. */
const blocks = [...doc.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1]!);

/** `logstream query --json 'a b' app.log` → its arguments after `logstream` (single quotes only). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

describe('the examples of docs/query.md', () => {
  it('print what the document says they print', async () => {
    const sample = blocks.find((b) => b.startsWith('{"time"'));
    assert.ok(sample !== undefined, 'the document shows app.log');
    writeFileSync(join(dir, 'app.log'), sample);
    const examples = blocks.flatMap((b) =>
      b
        .split(/^(?=\$ logstream query )/m)
        .filter((part) => part.startsWith('$ logstream query '))
        // Live queries print the time and run until Ctrl-C: test/query-live.e2e.test.ts runs them.
        .filter((part) => !part.includes(' --redis '))
        .map((part) => {
          const [command, ...output] = part.trimEnd().split('\n');
          return { command: command!.slice(2), output: output.join('\n') };
        }),
    );
    assert.ok(examples.length >= 10, `${examples.length} examples found`);
    for (const { command, output } of examples) {
      const args = shellWords(command)
        .slice(1)
        .map((a) => (a === 'app.log' ? join(dir, 'app.log') : a));
      const r = await runCli(args);
      assert.equal((r.stdout + r.stderr).trimEnd(), output, command);
    }
  });
});
