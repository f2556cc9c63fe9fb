import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isMonochrome, mergeStyle, sgr, SgrEncoder, styleEquals } from './style.js';

describe('sgr', () => {
  it('starts every sequence from a reset so it never depends on what was active', () => {
    assert.equal(sgr(undefined), '\x1b[0m');
    assert.equal(sgr({}), '\x1b[0m');
    assert.equal(sgr({ bold: true, underline: true }), '\x1b[0;1;4m');
  });

  it('encodes named, bright, 256-colour and true colours for foreground and background', () => {
    assert.equal(sgr({ fg: 'red', bg: 'blue' }), '\x1b[0;31;44m');
    assert.equal(sgr({ fg: 'gray', bg: 'brightWhite' }), '\x1b[0;90;107m');
    assert.equal(sgr({ fg: 208 }), '\x1b[0;38;5;208m');
    assert.equal(sgr({ bg: '#ff8000' }), '\x1b[0;48;2;255;128;0m');
  });

  it('drops colours but keeps attributes in monochrome mode', () => {
    assert.equal(sgr({ fg: 'red', bg: 'blue', bold: true, dim: true, reverse: true }, true), '\x1b[0;1;2;7m');
    assert.equal(new SgrEncoder(true).encode({ fg: 'red' }), '\x1b[0m');
  });

  it('rejects colours that cannot be encoded', () => {
    assert.throws(() => sgr({ fg: 256 }), RangeError);
    assert.throws(() => sgr({ fg: '#fff' }), RangeError);
  });
});

describe('style helpers', () => {
  it('merge lays only the defined fields of the overlay on the base', () => {
    assert.deepEqual(mergeStyle({ fg: 'red', bold: true }, { bg: 'blue', fg: undefined }), {
      fg: 'red',
      bold: true,
      bg: 'blue',
    });
    const over = { reverse: true };
    assert.equal(mergeStyle(undefined, over), over);
  });

  it('compare styles by how they look, treating absent and false alike', () => {
    assert.ok(styleEquals(undefined, {}));
    assert.ok(styleEquals({ bold: false }, {}));
    assert.ok(!styleEquals({ fg: 'red' }, { fg: 'brightRed' }));
  });

  it('read NO_COLOR as set only when it is not empty', () => {
    assert.ok(isMonochrome({ NO_COLOR: '1' }));
    assert.ok(!isMonochrome({ NO_COLOR: '' }));
    assert.ok(!isMonochrome({}));
  });
});
