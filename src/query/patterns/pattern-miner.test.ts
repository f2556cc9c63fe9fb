import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PatternMiner } from './pattern-miner.js';
import { MAX_CHARS } from './tokenise.js';

describe('PatternMiner', () => {
  it('learns a template with placeholders for the parts that vary', () => {
    const m = new PatternMiner();
    const a = m.add('User alice logged in from 10.0.0.1', 1);
    const b = m.add('User bob logged in from 10.0.0.2', 2);
    assert.equal(a.id, b.id);
    assert.equal(b.template, 'User <*> logged in from <*>');
    assert.deepEqual(m.patterns(), [
      { id: a.id, template: 'User <*> logged in from <*>', count: 2, firstSeen: 1, lastSeen: 2 },
    ]);
  });

  it('masks ids, addresses and numbers inside a token but keeps its constant part', () => {
    const m = new PatternMiner();
    m.add('Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010', 1);
    const r = m.add('Receiving block blk_7503483334202473044 src: /10.251.215.16:55695 dest: /10.251.215.16:50010', 2);
    assert.equal(r.template, 'Receiving block blk_<*> src: <*> dest: <*>');
  });

  it('keeps a word that every message of a pattern shares, even one with digits', () => {
    const m = new PatternMiner();
    let last = { id: '', template: '' };
    for (let i = 0; i < 4; i++) last = m.add(`Accepted password for root from 10.0.0.${i} port ${4000 + i} ssh2`, i);
    assert.equal(last.template, 'Accepted password for root from <*> port <*> ssh2');
    const seen = [1, 2, 3].map((i) => m.add(`Request ${1000 + i} failed with code 503`, i).template);
    assert.deepEqual(seen, [
      'Request <*> failed with code <*>',
      'Request <*> failed with code <*>',
      'Request <*> failed with code 503',
    ]);
  });

  it('tells apart messages that differ in more than a variable', () => {
    const m = new PatternMiner();
    const a = m.add('Received disconnect from 10.0.0.1: 11: Bye Bye [preauth]', 1);
    const b = m.add('Received disconnect from 10.0.0.2: 11: disconnected by user', 2);
    const c = m.add('Failed password for root from 10.0.0.1 port 22 ssh2', 3);
    const d = m.add('Accepted password for root from 10.0.0.1 port 22 ssh2', 4);
    assert.notEqual(a.id, b.id);
    assert.notEqual(c.id, d.id);
  });

  it('keeps apart two-word messages that differ in their second word, and joins longer ones that differ in one', () => {
    const m = new PatternMiner();
    assert.notEqual(m.add('startAnimation begin', 1).id, m.add('startAnimation end', 2).id);
    assert.equal(m.add('Deleted file alpha', 3).id, m.add('Deleted file beta', 4).id);
  });

  it('keeps apart messages that differ in a name the program chose', () => {
    const m = new PatternMiner();
    const ids = [
      '10.0.0.1 "GET /v2/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829',
      '10.0.0.1 "POST /v2/os-server-external-events HTTP/1.1" status: 200 len: 1893 time: 0.2477829',
      '[instance: 4f3c2a10-8e7d-4b6a-9c21-5d0e7f13a8b2] VM Started (Lifecycle Event)',
      '[instance: 4f3c2a10-8e7d-4b6a-9c21-5d0e7f13a8b2] VM Stopped (Lifecycle Event)',
      'attempt_1733911820417_0020_m_000000_0 TaskAttempt Transitioned from NEW to UNASSIGNED',
      'attempt_1733911820417_0020_m_000001_0 TaskAttempt Transitioned from UNASSIGNED to ASSIGNED',
      'makeExpandedInvisible: mExpandedVisible=false',
      'makeExpandedInvisible: mExpandedVisible=true',
    ].map((msg) => m.add(msg, 1).id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(m.add('Invalid user admin from 10.0.0.1', 1).id, m.add('Invalid user oracle from 10.0.0.2', 1).id);
  });

  it('groups durations and lists whatever their length', () => {
    const m = new PatternMiner();
    const a = m.add('proxy.example.org:5070 close, 0 bytes sent, 0 bytes received, lifetime <1 sec', 1);
    const b = m.add('proxy.example.org:5070 close, 403 bytes sent, 426 bytes received, lifetime 00:01', 2);
    const c = m.add('BLOCK* ask 10.0.0.1:50010 to delete blk_1 blk_-2', 3);
    const d = m.add('BLOCK* ask 10.0.0.1:50010 to delete blk_3 blk_4 blk_5 blk_6', 4);
    const e = m.add(
      'proxy.example.org:5070 close, 1190 bytes (1.16 KB) sent, 1671 bytes (1.63 KB) received, lifetime 00:02',
      5,
    );
    const f = m.add(
      'proxy.example.org:5070 close, 1190 bytes sent, 1671 bytes (1.63 MB) received, lifetime 02:25:03',
      6,
    );
    assert.equal(a.id, b.id);
    assert.equal(c.id, d.id);
    assert.equal(e.id, a.id);
    assert.equal(f.id, a.id);
  });

  it('matches a message without learning from it', () => {
    const m = new PatternMiner();
    const a = m.add('Disk /dev/sda1 is 91% full', 1);
    assert.deepEqual(m.match('Disk /dev/sdb2 is 97% full'), a);
    assert.equal(m.match('something else entirely'), undefined);
    assert.equal(m.patterns()[0]?.count, 1);
  });

  it('keeps at most maxPatterns, merging or evicting and counting which', () => {
    const m = new PatternMiner({ maxPatterns: 10 });
    for (let i = 0; i < 200; i++)
      m.add(
        `event${'abcdefghijklmnopqrstuvwxyz'[i % 26]}${'zyxwvutsrqponmlkjihgfedcba'[Math.floor(i / 26)]} happened`,
        i,
      );
    const s = m.stats();
    assert.ok(s.patterns <= 10);
    assert.ok(s.merged + s.evicted > 0);
  });

  it('never throws, whatever the message', () => {
    const m = new PatternMiner({ maxPatterns: 50 });
    const huge = 'x'.repeat(1 << 20);
    for (const msg of [
      '',
      ' ',
      '\u0000\u0001\u0002',
      huge,
      `${'a '.repeat(100_000)}`,
      `${'w'.repeat(150)} `.repeat(5000),
      '"unterminated quote',
      '\uD800 lone surrogate',
      '日本語 のログ 123',
    ]) {
      assert.ok(m.add(msg, 0).template.length <= MAX_CHARS + 256, 'what a pattern keeps of a message is bounded');
      assert.doesNotThrow(() => m.match(msg));
    }
    assert.doesNotThrow(() =>
      m.add(
        {
          toString: () => {
            throw new Error('no');
          },
        } as unknown as string,
        Number.NaN,
      ),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.string({ unit: 'grapheme' }),
            fc.uint8Array().map((b) => Buffer.from(b).toString('latin1')),
          ),
        ),
        (msgs) => {
          for (const s of msgs) m.add(s, 1);
          return m.stats().patterns <= 50;
        },
      ),
    );
  });

  const logLike = fc
    .array(
      fc.tuple(
        fc.constantFrom('open', 'close', 'user', 'failed', 'from', 'port', 'at'),
        fc.oneof(fc.nat(99999).map(String), fc.constantFrom('alice', 'bob', 'x')),
      ),
      { minLength: 1, maxLength: 8 },
    )
    .map((parts) => parts.map(([w, v]) => `${w} ${v}`).join(' '));

  it('gives a message added twice the same id', () => {
    fc.assert(
      fc.property(fc.array(logLike, { maxLength: 30 }), logLike, (before, msg) => {
        const m = new PatternMiner();
        for (const s of before) m.add(s, 1);
        return m.add(msg, 2).id === m.add(msg, 3).id;
      }),
    );
  });

  it('matches already-seen messages to the pattern add gave them', () => {
    fc.assert(
      fc.property(fc.array(logLike, { minLength: 1, maxLength: 40 }), (msgs) => {
        const m = new PatternMiner();
        for (const s of msgs) m.add(s, 1);
        const last = msgs[msgs.length - 1] as string;
        const again = m.add(last, 2);
        return m.match(last)?.id === again.id;
      }),
    );
  });

  it('holds the cap on any stream', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(logLike, { maxLength: 200 }), (cap, msgs) => {
        const m = new PatternMiner({ maxPatterns: cap });
        for (const s of msgs) {
          m.add(s, 1);
          if (m.stats().patterns > cap) return false;
        }
        return m.patterns().length === m.stats().patterns;
      }),
    );
  });
});
