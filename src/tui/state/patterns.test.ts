import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { PatternRow, PatternsSnapshot } from '../../services/collector/live-patterns.js';
import { initialModel, type Model } from './model.js';
import {
  isNewPattern,
  NEW_PATTERN_MS,
  openPatterns,
  PATTERN_SORTS,
  patternsArrived,
  patternsCommand,
  sortPatterns,
} from './patterns.js';

const AT = Date.UTC(2026, 11, 5, 12);

function row(id: string, count: number, firstSeen: number, lastSeen: number): PatternRow {
  return { id, template: `event ${id} <*>`, count, firstSeen, lastSeen, trend: [] };
}

function snapshot(rows: PatternRow[], at = AT): PatternsSnapshot {
  const total = rows.reduce((n, r) => n + r.count, 0);
  return {
    version: total,
    at,
    since: AT - 600_000,
    total,
    rows,
    stats: { patterns: rows.length, merged: 0, evicted: 0 },
    maxPatterns: 5000,
  };
}

const ROWS = [
  row('0', 50, AT - 500_000, AT - 1_000),
  row('1', 7, AT - 30_000, AT - 20_000),
  row('2', 90, AT - 400_000, AT - 300_000),
  row('3', 7, AT - 10_000, AT - 5_000),
];

function opened(rows = ROWS): Model {
  const base = initialModel({
    cols: 100,
    rows: 30,
    source: { label: 'embedded', status: { state: 'ready', since: 0 } },
  });
  return patternsArrived(openPatterns(base).model, snapshot(rows));
}

const ids = (m: Model): string[] => m.patterns?.rows.map((r) => r.id) ?? [];

const rowArb = fc
  .record({
    id: fc.stringMatching(/^[0-9a-z]{1,3}$/),
    count: fc.oneof(fc.nat(1000), fc.constantFrom(NaN, Infinity)),
    firstSeen: fc.integer({ min: AT - 200_000, max: AT }),
    lastSeen: fc.integer({ min: AT - 200_000, max: AT }),
  })
  .map((r) => ({ ...r, template: 't', trend: [] }));

describe('the patterns view state', () => {
  it('opens in the patterns mode sorted by count and asks the engine for rows', () => {
    const base = initialModel({
      cols: 80,
      rows: 24,
      source: { label: 'embedded', status: { state: 'ready', since: 0 } },
    });
    const { model, effects } = openPatterns(base);
    assert.equal(model.mode, 'patterns');
    assert.deepEqual(effects, [{ type: 'watchPatterns', watch: true }]);
    assert.deepEqual(ids(patternsArrived(model, snapshot(ROWS))), ['2', '0', '1', '3']);
  });

  it('cycles the sort: count, last seen, first seen, new first, and back', () => {
    let m = opened();
    const seen: string[][] = [];
    for (let i = 0; i < PATTERN_SORTS.length; i++) {
      m = patternsCommand(m, 'cyclePatternSort').model;
      seen.push([m.patterns?.sort ?? '', ...ids(m)]);
    }
    assert.deepEqual(seen, [
      ['lastSeen', '0', '3', '1', '2'],
      ['firstSeen', '3', '1', '2', '0'],
      // New (first seen under a minute ago) first, then by count.
      ['new', '1', '3', '2', '0'],
      ['count', '2', '0', '1', '3'],
    ]);
  });

  it('marks a pattern new while its first log is under a minute old, by the snapshot clock', () => {
    assert.equal(isNewPattern(row('x', 1, AT - NEW_PATTERN_MS + 1, AT), AT), true);
    assert.equal(isNewPattern(row('x', 1, AT - NEW_PATTERN_MS, AT), AT), false);
  });

  it('keeps the selection on its pattern when new rows re-order the table', () => {
    let m = patternsCommand(opened(), 'selectOlder').model;
    assert.equal(m.patterns?.selectedId, '0');
    m = patternsArrived(
      m,
      snapshot([row('0', 50, AT - 500_000, AT), row('2', 10, AT - 400_000, AT), row('9', 80, AT, AT)]),
    );
    assert.deepEqual(ids(m), ['9', '0', '2']);
    assert.equal(m.patterns?.selected, 1);
  });

  it('filters the list to the selected pattern with pattern:ID on Enter, and stops the updates', () => {
    const m = patternsCommand(patternsCommand(opened(), 'goNewest').model, 'filterByRow');
    assert.equal(m.model.mode, 'normal');
    assert.equal(m.model.filter, 'pattern:3');
    assert.deepEqual(m.effects, [
      { type: 'watchPatterns', watch: false },
      { type: 'setFilter', query: 'pattern:3', levelMin: undefined },
    ]);
  });

  it('goes back to the list on Esc with the filter unchanged', () => {
    const m = patternsCommand({ ...opened(), filter: 'level:error' }, 'closeOverlay');
    assert.equal(m.model.mode, 'normal');
    assert.equal(m.model.filter, 'level:error');
    assert.deepEqual(m.effects, [{ type: 'watchPatterns', watch: false }]);
  });

  it('does nothing on Enter before any row arrived', () => {
    const base = initialModel({
      cols: 80,
      rows: 24,
      source: { label: 'embedded', status: { state: 'ready', since: 0 } },
    });
    const m = openPatterns(base).model;
    assert.deepEqual(patternsCommand(m, 'filterByRow'), { model: m, effects: [] });
  });

  it('sorts any rows into an order that is total: a permutation, its key never rising', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(rowArb, { selector: (r) => r.id, maxLength: 30 }),
        fc.constantFrom(...PATTERN_SORTS),
        (rows, sort) => {
          const sorted = sortPatterns(rows, sort, AT);
          assert.deepEqual([...sorted].map((r) => r.id).sort(), rows.map((r) => r.id).sort());
          assert.deepEqual(sortPatterns([...rows].reverse(), sort, AT), sorted, 'the input order does not matter');
          const key = (r: PatternRow): number =>
            sort === 'count'
              ? r.count
              : sort === 'lastSeen'
                ? r.lastSeen
                : sort === 'firstSeen'
                  ? r.firstSeen
                  : isNewPattern(r, AT)
                    ? 1
                    : 0;
          const keys = sorted.map((r) => (Number.isNaN(key(r)) ? -Infinity : key(r)));
          assert.ok(
            keys.every((k, i) => i === 0 || k <= keys[i - 1]!),
            `keys never rise: ${keys.join(',')}`,
          );
        },
      ),
    );
  });

  it('keeps the selection in range whatever keys and updates come', () => {
    const commands = [
      'selectOlder',
      'selectNewer',
      'pageDown',
      'pageUp',
      'goOldest',
      'goNewest',
      'cyclePatternSort',
    ] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.constantFrom(...commands), fc.uniqueArray(rowArb, { selector: (r) => r.id, maxLength: 12 })),
          {
            maxLength: 30,
          },
        ),
        (steps) => {
          let m = opened();
          for (const s of steps) {
            m = typeof s === 'string' ? patternsCommand(m, s).model : patternsArrived(m, snapshot(s));
            const p = m.patterns;
            assert.ok(p !== undefined && p.selected >= 0 && p.selected <= Math.max(0, p.rows.length - 1));
            assert.equal(p.selectedId, p.rows[p.selected]?.id);
          }
        },
      ),
    );
  });
});
