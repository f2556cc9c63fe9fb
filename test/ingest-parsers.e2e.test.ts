import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { runCli } from './helpers/cli.js';

// Fixtures live in the source tree (test/fixtures/ingest); tests run from dist/test.
const DIR = fileURLToPath(new URL('../../test/fixtures/ingest/', import.meta.url));

describe('logstream ship normalises real log formats', () => {
  // Driven by the expected outputs, so a sample that is missing fails instead of being skipped.
  const expectations = readdirSync(DIR)
    .filter((f) => f.endsWith('.expected.jsonl'))
    .sort();
  it('has a sample for every format', () => assert.equal(expectations.length, 7));
  for (const expectation of expectations) {
    const name = expectation.replace(/\.expected\.jsonl$/, '.log');
    it(`turns ${name} into the expected wire logs`, async () => {
      const { code, stdout } = await runCli(['ship', '--stdout', '--no-follow', `${DIR}${name}`]);
      assert.equal(code, 0);
      const expected = readFileSync(`${DIR}${expectation}`, 'utf8');
      assert.deepEqual(
        stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as unknown),
        expected
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as unknown),
      );
    });
  }

  it('keeps invalid UTF-8 as escaped text and counts it', async () => {
    const { code, stdout, stderr } = await runCli(['ship', '--stdout', '--no-follow', `${DIR}binary.bin`]);
    assert.equal(code, 0);
    const logs = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { message: string });
    assert.deepEqual(
      logs.map((l) => l.message),
      ['ok line', '\\xff\\xfe binary \\x00 here'],
    );
    assert.match(stderr, /read 2 lines, shipped 2 logs; 1 lines not UTF-8 \(kept escaped\)/);
  });
});
