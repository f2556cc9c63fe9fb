import type { Binding } from '../keys/bindings.js';
import type { Mode } from '../keys/commands.js';
import type { HelpViewport } from '../state/help.js';
import type { Model } from '../state/model.js';
import { helpItems } from './help-items.js';
import { layoutHelp, type HelpPage } from './help-layout.js';
import { overlayRect, type Rect } from './layout.js';
import type { Screen } from './screen.js';
import type { Theme } from './theme.js';

/** Where the help overlay is drawn on a screen of `cols` × `rows`: over the list and the panes. */
export function helpRect(cols: number, rows: number): Rect {
  return overlayRect(cols, rows);
}

function page(bindings: readonly Binding[], r: Rect, from: Mode, scroll: number): HelpPage {
  return layoutHelp(helpItems(bindings, from), r.w - 4, r.h - 2, scroll);
}

/**
 * The bindings the help lists for a model: those whose keys do something there. The window
 * length (`w`) does not apply where the statistics count the shown logs (`view FILE`).
 */
export function helpBindings(bindings: readonly Binding[], model: Model): readonly Binding[] {
  return model.statsOf === 'shown-logs' ? bindings.filter((b) => b.command !== 'cycleWindow') : bindings;
}

/** How far the help scrolls at the model's size: what `update` needs to move through it. */
export function helpViewport(bindings: readonly Binding[], model: Model): HelpViewport {
  const shown = page(helpBindings(bindings, model), helpRect(model.cols, model.rows), model.help.from, 0);
  return { page: shown.page, maxScroll: shown.maxScroll };
}

/**
 * The help overlay (`?`): every binding, the keys of the pane it was opened from first, in
 * columns, words never cut; scrolled, with a marker, when it does not fit.
 */
export function drawHelp(
  screen: Screen,
  r: Rect,
  bindings: readonly Binding[],
  theme: Theme,
  help: Model['help'] = { from: 'normal', scroll: 0 },
): void {
  screen.fill(r.x, r.y, r.w, r.h, ' ');
  const shown = page(bindings, r, help.from, help.scroll);
  const scrolls = shown.maxScroll > 0;
  const title = scrolls ? ' Keys · j/k PageUp/PageDown scroll · Esc or ? to close ' : ' Keys · Esc or ? to close ';
  screen.box(r.x, r.y, r.w, r.h, { title, style: theme.activeBorder, titleStyle: theme.title });
  shown.columns.forEach((column, c) => {
    column.forEach((line, row) => {
      screen.text(
        r.x + 2 + c * shown.colWidth,
        r.y + 1 + row,
        line.text,
        line.heading ? theme.title : undefined,
        shown.colWidth - 1,
      );
    });
  });
  if (!scrolls || r.w < 4) return;
  const below = shown.scroll < shown.maxScroll;
  const marker = below ? ' ↓ more below ' : ' ↑ more above ';
  screen.text(r.x + 1, r.y + r.h - 1, marker, theme.title, r.w - 2);
}
