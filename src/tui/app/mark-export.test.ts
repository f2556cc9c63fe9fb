import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportNotice, resolveExportPath } from './mark-export.js';

describe('export names and notices', () => {
  it('puts ~/ names in the home directory and relative names in the current one', () => {
    assert.equal(resolveExportPath('~/x.jsonl', '/home/ann', '/work'), '/home/ann/x.jsonl');
    assert.equal(resolveExportPath('~', '/home/ann', '/work'), '/home/ann');
    assert.equal(resolveExportPath('out/x.csv', '/home/ann', '/work'), '/work/out/x.csv');
    assert.equal(resolveExportPath('/tmp/../tmp/x', '/home/ann', '/work'), '/tmp/x');
    assert.equal(resolveExportPath('~ann/x', '/home/ann', '/work'), '/work/~ann/x');
  });

  it('says how many logs were written, or why none were', () => {
    const base = { type: 'exported', id: 1, path: '/tmp/x.jsonl', what: 'logs', error: undefined } as const;
    assert.deepEqual(exportNotice({ ...base, count: 1234 }), {
      text: 'wrote 1,234 logs to /tmp/x.jsonl',
      kind: 'info',
    });
    assert.deepEqual(exportNotice({ ...base, count: 1 }), { text: 'wrote 1 log to /tmp/x.jsonl', kind: 'info' });
    assert.deepEqual(exportNotice({ ...base, what: 'rows', count: 2 }), {
      text: 'wrote 2 rows to /tmp/x.jsonl',
      kind: 'info',
    });
    assert.deepEqual(exportNotice({ ...base, count: 0, error: 'EACCES: /root/x' }), {
      text: 'export failed: EACCES: /root/x',
      kind: 'error',
    });
  });
});
