import type { Level } from '../../protocol/level.js';
import type { Command } from '../keys/commands.js';
import type { Action, Effect } from './actions.js';
import { applyInput, cancelInput, editInput, insertText, startInput } from './input.js';
import type { LogView } from '../../query/log-view.js';
import { WINDOW_LENGTHS, type Model } from './model.js';
import { ensureVisible, follow, goOldest, moveSelection, togglePause } from './navigation.js';
import { compileQuery } from '../../query/query.js';
import { resultsArrived, resultsCommand } from './results.js';
import { openPatterns, patternsArrived, patternsCommand } from './patterns.js';
import { isInputMode } from '../keys/commands.js';
import { applyExport, startExport } from './export-prompt.js';
import { clearMarks, dropLeftMarks, findMark, markFound, toggleMark } from './marks.js';
import { withNotice as notice } from './notice.js';
import {
  applyTimeJump,
  histogramArrived,
  histogramCommand,
  openHistogram,
  startTimeJump,
  timeFound,
  toggleUtc,
} from './histogram.js';
import { addStats } from './chart-history.js';
import { fitHelp, helpCommand, openHelp, type HelpViewport } from './help.js';
import { detailCommand, fitDetail, type DetailViewport } from './detail.js';

export { selectedIndex, topIndex } from './navigation.js';

/** What `update` may read besides the model: the shown logs. */
export interface UpdateContext {
  view: LogView;
  /** How far the help scrolls at the model's size (the view lays it out); unbounded when absent. */
  helpViewport?: (model: Model) => HelpViewport;
  /** How far the detail view scrolls at the model's size (the view wraps the log); unbounded when absent. */
  detailViewport?: (model: Model) => DetailViewport;
}

/** The new model and the side effects the container should perform. */
export interface UpdateResult {
  model: Model;
  effects: Effect[];
}

const WHEEL_ROWS = 3;
const WINDOW_NOT_IN_VIEW = 'w does not apply in view: the statistics count the shown logs over their own time';
const UNBOUNDED_HELP: HelpViewport = { page: 10, maxScroll: Number.MAX_SAFE_INTEGER };
const UNBOUNDED_DETAIL: DetailViewport = { page: 10, maxScroll: Number.MAX_SAFE_INTEGER };

/** The collector's state transition: pure, given the model, an action and the shown logs. */
export function update(model: Model, action: Action, ctx: UpdateContext): UpdateResult {
  switch (action.type) {
    case 'command':
      return runCommand(model, action.command, action.now, ctx);
    case 'insertText':
      return same(isInputMode(model.mode) ? insertText(model, action.text) : model);
    case 'statsArrived':
      return same(addStats(model, action.windows));
    case 'statsRejected':
      return same(
        notice(
          { ...model, statsRejected: model.statsRejected + Math.max(0, action.count) },
          action.reason,
          'error',
          action.now,
        ),
      );
    case 'statusChanged':
      return same({ ...model, source: { ...model.source, status: action.status } });
    case 'ratesUpdated':
      return same({ ...model, rates: action.rates });
    case 'resized': {
      // A shorter list keeps the selected row on screen.
      const resized = { ...model, cols: action.cols, rows: action.rows, listHeight: Math.max(1, action.listHeight) };
      const helpFitted = ctx.helpViewport === undefined ? resized : fitHelp(resized, ctx.helpViewport(resized));
      const fitted =
        ctx.detailViewport === undefined ? helpFitted : fitDetail(helpFitted, ctx.detailViewport(helpFitted));
      return same(fitted.selected === undefined ? fitted : ensureVisible(fitted, ctx.view));
    }
    case 'recordArrived': {
      if (model.detail?.seq !== action.seq) return same(model);
      // The log may wrap to fewer lines than the placeholder scrolled through.
      const arrived = { ...model, detail: { ...model.detail, record: action.record } };
      return same(ctx.detailViewport === undefined ? arrived : fitDetail(arrived, ctx.detailViewport(arrived)));
    }
    case 'jumpTo':
      if (action.seq === undefined)
        return same(notice(model, `no more matches for /${model.search}`, 'error', action.now));
      return same({ ...model, selected: action.seq, top: action.seq });
    case 'notice':
      return same(notice(model, action.text, action.kind, action.now));
    case 'resultsArrived':
      return same(resultsArrived(model, action.results));
    case 'patternsArrived':
      return same(patternsArrived(model, action.patterns));
    case 'tick':
      return same(
        model.notice !== undefined && model.notice.until <= action.now ? { ...model, notice: undefined } : model,
      );
    case 'markFound':
      return same(markFound(model, action.seq, action.now));
    case 'bufferStart':
      return same(dropLeftMarks(model, action.seq));
    case 'histogramArrived':
      return same(histogramArrived(model, action.histogram));
    case 'timeFound':
      return same(timeFound(model, action.seq, action.top, action.now));
  }
}

function runCommand(model: Model, command: Command, now: number, ctx: UpdateContext): UpdateResult {
  const view = ctx.view;
  if (command === 'quit') return { model: { ...model, quitting: true }, effects: [{ type: 'quit' }] };
  if (command === 'showHelp' && model.mode !== 'help' && !isInputMode(model.mode)) return same(openHelp(model));
  switch (model.mode) {
    case 'editing':
    case 'search':
      if (command === 'applyInput') return applyInput(model, now);
      if (command === 'cancelInput') return same(cancelInput(model));
      return same(editInput(model, command));
    case 'export':
      if (command === 'applyInput') return applyExport(model, now, model.results?.table);
      if (command === 'cancelInput') return same(cancelInput(model));
      return same(editInput(model, command));
    case 'time':
      if (command === 'applyInput') return applyTimeJump(model, now);
      if (command === 'cancelInput') return same(cancelInput(model));
      return same(editInput(model, command));
    case 'histogram':
      return histogramCommand(model, command, now);
    case 'detail':
      return detailKey(model, command, ctx.detailViewport?.(model) ?? UNBOUNDED_DETAIL);
    case 'help':
      return same(helpCommand(model, command, ctx.helpViewport?.(model) ?? UNBOUNDED_HELP));
    case 'results':
      if (command === 'editFilter') return same(startInput(model, 'editing'));
      if (command === 'startExport') return same(startExport(model));
      return resultsCommand(model, command, (m, text) => notice(m, text, 'error', now));
    case 'patterns':
      return patternsCommand(model, command);
    case 'normal':
      return normalCommand(model, command, now, view);
  }
}

function normalCommand(model: Model, command: Command, now: number, view: LogView): UpdateResult {
  const half = Math.max(1, Math.floor(model.listHeight / 2));
  switch (command) {
    case 'selectOlder':
      return same(moveSelection(model, 1, view));
    case 'selectNewer':
      return same(moveSelection(model, -1, view));
    case 'halfPageDown':
      return same(moveSelection(model, half, view));
    case 'halfPageUp':
      return same(moveSelection(model, -half, view));
    case 'pageDown':
      return same(moveSelection(model, model.listHeight, view));
    case 'pageUp':
      return same(moveSelection(model, -model.listHeight, view));
    case 'wheelDown':
      return same(moveSelection(model, WHEEL_ROWS, view));
    case 'wheelUp':
      return same(moveSelection(model, -WHEEL_ROWS, view));
    case 'clearSelection':
    case 'goNewest':
      return same(follow(model));
    case 'goOldest':
      return same(goOldest(model, view));
    case 'togglePause':
      return same(togglePause(model, view));
    case 'copyMessage':
    case 'copyJson':
      if (model.selected === undefined) return same(notice(model, 'select a log first (j/k), then copy', 'error', now));
      // The container fetches the full log (the view may hold a shortened message) and confirms.
      return {
        model,
        effects: [{ type: 'copy', seq: model.selected, what: command === 'copyMessage' ? 'message' : 'json' }],
      };
    case 'openDetail':
      if (model.selected === undefined)
        return same(notice(model, 'select a log first (j/k), then Enter opens it', 'error', now));
      return {
        model: { ...model, mode: 'detail', detail: { seq: model.selected, record: undefined, scroll: 0 } },
        effects: [{ type: 'fetchRecord', seq: model.selected }],
      };
    case 'openPatterns':
      return openPatterns(model);
    case 'editFilter':
      return same(startInput(model, 'editing'));
    case 'startSearch':
      return same(startInput(model, 'search'));
    case 'searchNext':
    case 'searchPrev': {
      if (model.search === '') return same(notice(model, 'no search yet: press / to search', 'error', now));
      const down = command === 'searchNext';
      const older = model.order === 'newest-first' ? down : !down;
      return {
        model,
        effects: [
          {
            type: 'find',
            pattern: model.search,
            fromSeq: model.selected ?? model.top,
            direction: older ? 'older' : 'newer',
          },
        ],
      };
    }
    case 'levelErrors':
      return setLevel(model, 'error');
    case 'levelWarn':
      return setLevel(model, 'warn');
    case 'levelInfo':
      return setLevel(model, 'info');
    case 'levelDebug':
      return setLevel(model, 'debug');
    case 'levelAll':
      return setLevel(model, undefined);
    case 'toggleStats':
      return same({
        ...model,
        statsPane: model.statsPane === 'normal' ? 'large' : model.statsPane === 'large' ? 'hidden' : 'normal',
      });
    case 'toggleMark':
      return same(toggleMark(model, view, now));
    case 'nextMark':
    case 'prevMark':
      return findMark(model, command === 'nextMark', now);
    case 'clearMarks':
      return same(clearMarks(model, now));
    case 'startExport':
      return same(startExport(model));
    case 'toggleHistogram':
      return openHistogram(model);
    case 'startTimeJump':
      return same(startTimeJump(model));
    case 'toggleUtc':
      return same(toggleUtc(model, now));
    case 'cycleWindow': {
      if (model.statsOf === 'shown-logs') return same(notice(model, WINDOW_NOT_IN_VIEW, 'info', now));
      const i = WINDOW_LENGTHS.indexOf(model.windowSeconds);
      return same({ ...model, windowSeconds: WINDOW_LENGTHS[(i + 1) % WINDOW_LENGTHS.length]! });
    }
    default:
      return same(model);
  }
}

function detailKey(model: Model, command: Command, viewport: DetailViewport): UpdateResult {
  const detail = model.detail;
  if (detail !== undefined && (command === 'copyMessage' || command === 'copyJson'))
    return {
      model,
      effects: [{ type: 'copy', seq: detail.seq, what: command === 'copyMessage' ? 'message' : 'json' }],
    };
  return same(detailCommand(model, command, viewport));
}

function setLevel(model: Model, levelMin: Level | undefined): UpdateResult {
  const compiled = compileQuery(model.filter, levelMin);
  if (!compiled.ok) return same(model);
  return { model: { ...model, levelMin }, effects: [{ type: 'setFilter', query: model.filter, levelMin }] };
}

function same(model: Model): UpdateResult {
  return { model, effects: [] };
}
