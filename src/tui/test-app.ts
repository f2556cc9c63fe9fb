import { LogEngine } from '../services/collector/engine.js';
import { exportChunks } from '../services/collector/export.js';
import { formatForFile, tableAs } from '../query/record-output.js';
import { recordJson } from './app/copy.js';
import { keyAction } from './app/key-input.js';
import { SnapshotView } from './state/snapshot-view.js';
import type { Payload } from '../protocol/payload.js';
import { capClipboardText, osc52Sequence } from './osc52.js';
import { DEFAULT_BINDINGS, type Binding } from './keys/bindings.js';
import type { Key } from './keys/key.js';
import { buildKeyMap, type KeyMap } from './keys/match.js';
import type { Action, Effect } from './state/actions.js';
import { initialModel, type Model, type Order } from './state/model.js';
import { update, type UpdateResult } from './state/update.js';
import { drawApp } from './view/app-view.js';
import { DiffRenderer } from './view/diff-renderer.js';
import { helpViewport } from './view/help-view.js';
import { detailViewport } from './view/detail-view.js';
import { histogramBars } from './view/histogram-view.js';
import { computeLayout, listRows } from './view/layout.js';
import { Screen } from './view/screen.js';
import { defaultTheme, type Theme } from './view/theme.js';

/** How a TestApp starts. */
export interface TestAppOptions {
  cols: number;
  rows: number;
  /** Logs the engine holds at most. */
  capacity: number;
  theme?: Theme;
  bindings?: readonly Binding[];
  order?: Order;
  /** The clock for the model and the engine; advanced by the caller. */
  now: () => number;
}

/**
 * For tests: the collector's UI loop in one process and in lockstep. Keys go through the
 * real keymap, actions through `update`, effects (filter, find, record, copy) run on a real
 * LogEngine at once, and frames are drawn by the real views into a Screen and sent through
 * the DiffRenderer. Only the threads and timers of the app are left out, so that a long
 * random session runs fast and replays exactly.
 */
export class TestApp {
  readonly engine: LogEngine;
  model: Model;
  view: SnapshotView;
  readonly screen: Screen;
  /** The bytes of the last frame the renderer wrote. */
  lastFrame: Buffer | undefined;
  /** The last update's input and result, for checks on single transitions. */
  lastStep: { before: Model; action: Action; result: UpdateResult; view: SnapshotView } | undefined;
  private readonly renderer: DiffRenderer;
  private readonly keyMap: KeyMap;
  private readonly theme: Theme;
  private readonly bindings: readonly Binding[];
  /** Whether the patterns view asked for rows (the engine service sends them while it does). */
  private watchingPatterns = false;

  constructor(private readonly opts: TestAppOptions) {
    this.engine = new LogEngine(opts.capacity, { now: opts.now });
    this.bindings = opts.bindings ?? DEFAULT_BINDINGS;
    this.keyMap = buildKeyMap(this.bindings);
    this.theme = opts.theme ?? defaultTheme();
    this.screen = new Screen(opts.cols, opts.rows);
    this.renderer = new DiffRenderer((frame) => (this.lastFrame = frame));
    const model = initialModel({
      cols: opts.cols,
      rows: opts.rows,
      source: { label: 'embedded', status: { state: 'ready', since: opts.now() } },
      ...(opts.order !== undefined ? { order: opts.order } : {}),
    });
    this.model = { ...model, listHeight: listRows(computeLayout(opts.cols, opts.rows, model.statsPane)) };
    this.view = this.freshView();
  }

  /** A key press, as the app handles it: a command of the current mode, else typed text in a text box. */
  key(key: Key): void {
    const action = keyAction(this.keyMap, this.model.mode, key, this.opts.now());
    if (action !== undefined) this.dispatch(action);
  }

  /** Runs one action through `update` and performs its effects, as the app's dispatch does. */
  dispatch(action: Action): void {
    const before = this.model;
    const view = this.view;
    const result = update(before, action, {
      view,
      helpViewport: (m) => helpViewport(this.bindings, m),
      detailViewport,
    });
    // The list's height depends on the statistics pane's size.
    this.model =
      result.model.statsPane === before.statsPane
        ? result.model
        : {
            ...result.model,
            listHeight: listRows(computeLayout(result.model.cols, result.model.rows, result.model.statsPane)),
          };
    this.lastStep = { before, action, result, view };
    for (const effect of result.effects) this.perform(effect);
  }

  /** The terminal changed size. */
  resize(cols: number, rows: number): void {
    this.screen.resize(cols, rows);
    this.renderer.invalidate();
    this.dispatch({
      type: 'resized',
      cols,
      rows,
      listHeight: listRows(computeLayout(cols, rows, this.model.statsPane)),
    });
  }

  /** A payload from the logs channel. */
  ingest(payload: Payload): void {
    this.engine.ingest(payload);
  }

  /** The engine's results table to the UI, as its service does after a query and once a second. */
  sendResults(): void {
    const results = this.engine.results();
    if (results !== undefined) this.dispatch({ type: 'resultsArrived', results });
  }

  /** The engine's patterns to the UI, as its service does once a second while the view is open. */
  sendPatterns(): void {
    const patterns = this.watchingPatterns ? this.engine.patternsSnapshot() : undefined;
    if (patterns !== undefined) this.dispatch({ type: 'patternsArrived', patterns });
  }

  /** The engine's histogram to the UI, as the app asks for it once a second while the pane is open. */
  sendHistogram(): void {
    if (this.model.mode === 'histogram') this.perform({ type: 'fetchHistogram' });
  }

  /** Takes a new snapshot for the model's anchor, as the app does after each key and tick. */
  refresh(): void {
    this.view = this.freshView();
    if ((this.model.marks[0] ?? Infinity) < this.view.snapshot.heldFrom)
      this.dispatch({ type: 'bufferStart', seq: this.view.snapshot.heldFrom });
  }

  /** Draws a frame from the model and the current snapshot and renders it. */
  draw(): void {
    drawApp(this.screen, this.model, this.view, this.theme, this.opts.now(), this.bindings);
    this.renderer.render(this.screen);
  }

  private freshView(): SnapshotView {
    const h = this.model.listHeight;
    return new SnapshotView(this.engine.snapshot({ anchor: this.model.top, height: h, margin: h }));
  }

  private perform(effect: Effect): void {
    const now = this.opts.now();
    switch (effect.type) {
      case 'setFilter': {
        const error = this.engine.setFilter(effect.query, effect.levelMin);
        if (error !== undefined)
          this.dispatch({ type: 'notice', text: `filter not applied: ${error}`, kind: 'error', now });
        this.sendResults();
        this.refresh();
        return;
      }
      case 'find':
        this.dispatch({ type: 'jumpTo', seq: this.engine.find(effect.pattern, effect.fromSeq, effect.direction), now });
        this.refresh();
        return;
      case 'fetchRecord':
        this.dispatch({ type: 'recordArrived', seq: effect.seq, record: this.engine.record(effect.seq) });
        return;
      case 'copy': {
        const record = this.engine.record(effect.seq);
        if (record === undefined) {
          this.dispatch({ type: 'notice', text: 'that log has left the buffer; nothing copied', kind: 'error', now });
          return;
        }
        const text = effect.what === 'message' ? record.message : recordJson(record);
        // What the app writes to the terminal; no terminal here, but it must cope with any text.
        osc52Sequence(text, { passthrough: false });
        this.dispatch({
          type: 'notice',
          text: `copied ${capClipboardText(text).text.length} characters`,
          kind: 'info',
          now,
        });
        return;
      }
      case 'findMark':
        this.dispatch({
          type: 'markFound',
          seq: this.engine.findMark(effect.marks, effect.fromSeq, effect.direction),
          now,
        });
        this.refresh();
        return;
      case 'exportList': {
        // The lines a file would get, formatted but not written: a random name must not become a file.
        let count = 0;
        for (const chunk of exportChunks(this.engine, formatForFile(effect.name), 7)) count += chunk.count;
        this.dispatch({ type: 'notice', text: `wrote ${count} logs to ${effect.name}`, kind: 'info', now });
        return;
      }
      case 'exportTable':
        this.dispatch({
          type: 'notice',
          text: `wrote ${tableAs(formatForFile(effect.name), effect.table).length} lines to ${effect.name}`,
          kind: 'info',
          now,
        });
        return;
      case 'watchPatterns':
        this.watchingPatterns = effect.watch;
        if (effect.watch) this.engine.startPatterns();
        this.sendPatterns();
        return;
      case 'fetchHistogram':
        this.dispatch({ type: 'histogramArrived', histogram: this.engine.histogram(histogramBars(this.model.cols)) });
        return;
      case 'seekTime':
        this.dispatch({ type: 'timeFound', ...this.engine.seekTime(effect.from, effect.to, effect.newer), now });
        this.refresh();
        return;
      case 'quit':
        return;
    }
  }
}
