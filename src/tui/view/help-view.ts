import type { Binding } from '../keys/bindings.js';
import { helpItems, layoutHelp } from './help-layout.js';
import type { Rect } from './layout.js';
import type { Screen } from './screen.js';
import type { Theme } from './theme.js';

/** The help overlay (`?`): every binding, in columns, words never cut. */
export function drawHelp(screen: Screen, r: Rect, bindings: readonly Binding[], theme: Theme): void {
  screen.fill(r.x, r.y, r.w, r.h, ' ');
  const page = layoutHelp(helpItems(bindings), r.w - 4, r.h - 2);
  const title = page.complete ? ' Keys · Esc or ? to close ' : ' Keys (a larger window shows all) · Esc or ? to close ';
  screen.box(r.x, r.y, r.w, r.h, { title, style: theme.activeBorder, titleStyle: theme.title });
  page.columns.forEach((column, c) => {
    column.forEach((line, row) => {
      screen.text(
        r.x + 2 + c * page.colWidth,
        r.y + 1 + row,
        line.text,
        line.heading ? theme.title : undefined,
        page.colWidth - 1,
      );
    });
  });
}
