import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screenHas } from './helpers/tmux.js';
import { listColumn, quitTui, startTui } from './helpers/tui-run.js';

/*
 * The query language in the real TUI: `logstream demo` in tmux, a pipeline typed into the
 * filter box opens the results pane, whose counts follow the logs; Enter on a row shows that
 * group's logs; a filter on a field only the payload holds (`host`) applies to the buffer.
 */

const LEVEL = /\b(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s+(\S+)/;

/** The count the results pane shows for a service, if it shows one. */
function countOf(lines: string[], service: string): number | undefined {
  for (const l of lines) {
    const m = new RegExp(`│${service}\\s+(\\d+)`).exec(l);
    if (m !== null) return Number(m[1]);
  }
  return undefined;
}

/** The services of the log rows on screen (list area only). */
const listServices = (lines: string[]): string[] => listColumn(lines, LEVEL, 2);

describe('queries in the TUI', () => {
  it('shows a live results table, filters the list to a row, and filters by a field of the payload', async () => {
    const term = await startTui('demo --rate 100 --seed results-e2e');
    try {
      await term.waitFor((l) => screenHas(l, 'Filter (i)') && screenHas(l, /[\d,]+ logs/), 20_000, 'the demo running');
      await term.keys('i');
      await term.type('| stats count by service');
      await term.keys('Enter');
      let lines = await term.waitFor(
        (l) => screenHas(l, 'Results · stats count by service') && countOf(l, 'api-gateway') !== undefined,
        15_000,
        'the results pane',
      );
      const first = countOf(lines, 'api-gateway') ?? 0;
      assert.ok(screenHas(lines, /│service\s+count/), lines.join('\n'));
      await term.waitFor((l) => (countOf(l, 'api-gateway') ?? 0) > first, 15_000, 'the counts growing');

      // Rows are ordered by service: the first is selected.
      const row = lines.find((l) => /│[a-z-]+\s+\d+\s+█/.test(l)) ?? '';
      const service = /│([a-z-]+)/.exec(row)?.[1] ?? '';
      assert.notEqual(service, '', lines.join('\n'));
      await term.keys('Enter');
      // The filter box shows the new filter at once; the list follows when the engine has re-filtered.
      lines = await term.waitFor(
        (l) =>
          screenHas(l, `service:"${service}"`) &&
          listServices(l).length > 0 &&
          listServices(l).every((x) => x === service),
        15_000,
        'the list of that service',
      );
      assert.deepEqual([...new Set(listServices(lines))], [service], lines.join('\n'));

      await term.keys('i', 'C-u');
      await term.type('host:ip-10-*');
      await term.keys('Enter');
      lines = await term.waitFor(
        (l) => screenHas(l, /host:ip-10-\*.*[1-9][\d,]* of [\d,]+ match/) && listServices(l).length > 0,
        15_000,
        'the logs of those hosts',
      );
      await term.keys('i', 'C-u');
      await term.type('-host:ip-10-*');
      await term.keys('Enter');
      lines = await term.waitFor(
        (l) => screenHas(l, /-host:ip-10-\*.* 0 of [1-9][\d,]* match/),
        15_000,
        'no log of other hosts',
      );
      assert.deepEqual(listServices(lines), []);
      await quitTui(term);
    } finally {
      await term.kill();
    }
  });
});
