import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileLiveQuery } from '../../query/live-query.js';
import type { Cell } from '../../query/pipeline/table.js';
import { textArb } from '../fuzz-arbitraries.js';
import { initialModel, type Model, type ResultsPane } from '../state/model.js';
import { applyInput } from '../state/input.js';
import { paneFor } from '../state/results.js';
import { drawFilter } from './filter-view.js';
import { drawResults } from './results-view.js';
import { Screen } from './screen.js';
import { defaultTheme } from './theme.js';

const theme = defaultTheme();

function pane(query: string, columns: string[], rows: Cell[][], selected = 0): ResultsPane {
  const compiled = compileLiveQuery(query, undefined);
  assert.ok(compiled.ok, query);
  const p = paneFor(query, compiled);
  assert.ok(p !== undefined);
  return { ...p, table: { columns, rows, notes: [] }, totalRows: rows.length, selected };
}

describe('the results pane', () => {
  it('draws a bar per row for a count column, longest for the largest count, and marks the selected row', () => {
    const screen = new Screen(80, 10);
    drawResults(
      screen,
      { x: 0, y: 0, w: 80, h: 10 },
      pane(
        '| stats count by service',
        ['service', 'count'],
        [
          ['api', 10],
          ['auth', 5],
        ],
        1,
      ),
      theme,
    );
    const lines = screen.lines();
    const bars = lines.slice(2, 4).map((l) => (l.match(/█/g) ?? []).length);
    assert.ok(bars[0]! > bars[1]! && bars[1]! > 0, lines.join('\n'));
    assert.equal(screen.cell(1, 3)?.style?.reverse, true);
    assert.notEqual(screen.cell(1, 2)?.style?.reverse, true);
    assert.match(lines[8] ?? '', /row 2 of 2/);
  });

  it('never throws and shows no placeholder, for any table at any size', () => {
    const cell: fc.Arbitrary<Cell> = fc.oneof(
      textArb(3),
      fc.double(),
      fc.integer(),
      fc.constant(null),
      fc.constantFrom(NaN, Infinity, -Infinity, 1e308),
    );
    const query = fc.constantFrom(
      '| stats count, avg(x) by service, host',
      '| top 3 service',
      '| timechart span=1s count by level',
      '| timechart count',
      '| stats max(time)',
    );
    fc.assert(
      fc.property(
        query,
        fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 30 }),
        fc.nat(40),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 60 }),
        (q, rows, selected, w, h) => {
          const compiled = compileLiveQuery(q, undefined);
          assert.ok(compiled.ok);
          const columns = ['time', 'service', 'host', 'level', 'count', 'avg(x)', 'max(time)'];
          const p = {
            ...paneFor(q, compiled)!,
            table: { columns, rows, notes: ['a note'] },
            totalRows: rows.length,
            selected: Math.min(selected, Math.max(0, rows.length - 1)),
          };
          const screen = new Screen(w, h);
          drawResults(screen, { x: 0, y: 0, w, h }, p, theme);
          assert.doesNotMatch(screen.lines().join('\n'), /undefined|NaN|\[object /);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the filter box', () => {
  it('puts a caret under the column a query error names', () => {
    let model: Model = {
      ...initialModel({ cols: 80, rows: 24, source: { label: 'embedded', status: { state: 'ready', since: 0 } } }),
      mode: 'editing',
      draft: '  level:error | stats count by',
      cursor: 30,
    };
    model = applyInput(model, 0).model;
    assert.match(model.inputError ?? '', /^col 29: /);
    const screen = new Screen(160, 3);
    drawFilter(screen, { x: 0, y: 0, w: 160, h: 3 }, model, 0, 0, theme);
    // Column 29 of the trimmed text is the 31st character of the box's text, after its border.
    assert.equal(screen.row(2).indexOf('^'), 1 + 2 + 28, screen.lines().join('\n'));
  });
});
