import { performance } from 'node:perf_hooks';
import { decodeStats } from '../../protocol/stats-codec.js';
import type { Action, Effect } from '../../tui/state/actions.js';
import { initialModel, type Model, type Order } from '../../tui/state/model.js';
import { update } from '../../tui/state/update.js';
import { DEFAULT_BINDINGS, type Binding } from '../../tui/keys/bindings.js';
import { isInputMode } from '../../tui/keys/commands.js';
import type { Key } from '../../tui/keys/key.js';
import { buildKeyMap, commandFor } from '../../tui/keys/match.js';
import type { TerminalSession } from '../../tui/terminal.js';
import { drawApp } from '../../tui/view/app-view.js';
import { DiffRenderer } from '../../tui/view/diff-renderer.js';
import { computeLayout, listRows } from '../../tui/view/layout.js';
import { Screen } from '../../tui/view/screen.js';
import type { Theme } from '../../tui/view/theme.js';
import type { EngineHost } from './engine-host.js';
import type { FromEngine } from './engine-protocol.js';
import { copyToClipboard, recordJson } from './copy.js';
import { MetricsRecorder } from './metrics.js';
import { SnapshotView, emptySnapshot } from './snapshot-view.js';

export interface CollectorOptions {
  engine: EngineHost;
  capacity: number;
  /** What the status line calls the source: 'embedded' or a redacted Redis URL. */
  sourceLabel: string;
  terminal: TerminalSession;
  theme: Theme;
  monochrome?: boolean;
  /** Frames per second at most; a frame is drawn only when something changed. */
  fps?: number;
  filter?: string;
  /** NDJSON file for frame/latency metrics (LOGSTREAM_METRICS_FILE), used by the benchmarks. */
  metricsFile?: string;
  /** The keybinding table (defaults plus the config file's rebindings). */
  bindings?: readonly Binding[];
  order?: Order;
}

export interface Collector {
  /** Resolves with the exit code when the user quits (or 1 when the engine failed). */
  done: Promise<number>;
  /** The engine's failure, when `done` resolved because of one. */
  failure(): string | undefined;
}

/**
 * The collector's UI thread: keys and engine messages go through the pure `update`; the
 * screen is drawn from the latest engine snapshot at a bounded frame rate, and at once after
 * a key so typing never waits for a frame tick.
 */
export function startCollector(opts: CollectorOptions): Collector {
  const { engine, terminal: term } = opts;
  const bindings = opts.bindings ?? DEFAULT_BINDINGS;
  const keyMap = buildKeyMap(bindings);
  const screen = new Screen(term.cols, term.rows);
  // Time spent handing frames to the terminal, kept apart from drawing and diffing in the metrics.
  let handoffMs = 0;
  const renderer = new DiffRenderer(
    (s) => {
      const at = performance.now();
      term.write(s);
      handoffMs += performance.now() - at;
    },
    { monochrome: opts.monochrome ?? false },
  );
  const metrics = new MetricsRecorder(opts.metricsFile);
  let view = new SnapshotView(emptySnapshot(opts.capacity));
  let model: Model = initialModel({ cols: term.cols, rows: term.rows, source: { label: opts.sourceLabel, status: { state: 'connecting', since: Date.now() } }, ...(opts.order !== undefined ? { order: opts.order } : {}) });
  model = { ...model, listHeight: listRows(computeLayout(term.cols, term.rows, model.statsPane)) };
  let dirty = true;
  let requestPending = false;
  let requestedAt = 0;
  let requestAgain = false;
  let nextId = 1;
  let failure: string | undefined;
  let lastReceived = 0;
  let lastRateAt = Date.now();
  /** What each outstanding record request is for. */
  const pendingRecords = new Map<number, { what: 'message' | 'json' | 'detail'; seq: number }>();
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  const dispatch = (action: Action): void => {
    const result = update(model, action, { view });
    if (result.model !== model) dirty = true;
    if (result.model.statsPane !== model.statsPane) {
      // The list's height depends on the statistics pane's size.
      const listHeight = listRows(computeLayout(result.model.cols, result.model.rows, result.model.statsPane));
      model = { ...result.model, listHeight };
    } else model = result.model;
    for (const effect of result.effects) perform(effect);
  };

  const perform = (effect: Effect): void => {
    switch (effect.type) {
      case 'copy':
      case 'fetchRecord': {
        const id = nextId++;
        pendingRecords.set(id, { what: effect.type === 'copy' ? effect.what : 'detail', seq: effect.seq });
        engine.post({ type: 'record', seq: effect.seq, id });
        break;
      }
      case 'setFilter':
        engine.post({ type: 'filter', query: effect.query, levelMin: effect.levelMin, id: nextId++ });
        requestView();
        break;
      case 'find':
        engine.post({ type: 'find', pattern: effect.pattern, fromSeq: effect.fromSeq, direction: effect.direction, id: nextId++ });
        break;
      case 'quit':
        resolveDone(0);
        break;
    }
  };

  const requestView = (): void => {
    if (requestPending) {
      requestAgain = true;
      return;
    }
    requestPending = true;
    requestedAt = performance.now();
    engine.post({ type: 'view', request: { anchor: model.top, height: model.listHeight, margin: model.listHeight } });
  };

  const frameMs = Math.max(5, Math.round(1000 / (opts.fps ?? 30)));
  let lastFrameAt = 0;
  /** A key's frame was skipped because the terminal was busy: draw it as soon as it is not. */
  let keyWaiting = false;
  const render = (): void => {
    // The terminal has not taken the last frame yet: this one is drawn once it has (onDrain).
    if (term.busy) return;
    handoffMs = 0;
    metrics.frameStart();
    const start = performance.now();
    dirty = false;
    keyWaiting = false;
    drawApp(screen, model, view, opts.theme, Date.now(), bindings);
    renderer.render(screen);
    const end = performance.now();
    lastFrameAt = end;
    const newest = model.top === undefined && view.snapshot.startIndex === 0 ? view.snapshot.rows.find((r) => r.gap === undefined) : undefined;
    metrics.frame(end - start - handoffMs, handoffMs, end, newest === undefined ? undefined : Date.now() - newest.time);
    handoffMs = 0;
  };

  engine.onMessage((msg: FromEngine) => {
    switch (msg.type) {
      case 'snapshot':
        requestPending = false;
        if (msg.snapshot.version !== view.snapshot.version || msg.snapshot.startIndex !== view.snapshot.startIndex || msg.snapshot.rows[0]?.seq !== view.snapshot.rows[0]?.seq) dirty = true;
        view = new SnapshotView(msg.snapshot);
        if (requestAgain) {
          requestAgain = false;
          requestView();
        }
        // Draw fresh logs as soon as they are here, not at the next tick, while keeping the
        // frame rate bounded (at most one frame per half tick).
        if (dirty && performance.now() - lastFrameAt >= frameMs / 2) render();
        break;
      case 'stats':
        try {
          dispatch({ type: 'statsArrived', windows: decodeStats(msg.payload) });
        } catch (err) {
          dispatch({ type: 'notice', text: `ignored a malformed message on the stats channel: ${err instanceof Error ? err.message : String(err)}`, kind: 'error', now: Date.now() });
        }
        break;
      case 'status':
        dispatch({ type: 'statusChanged', status: msg.status });
        break;
      case 'filterResult':
        if (msg.error !== undefined) dispatch({ type: 'notice', text: `filter not applied: ${msg.error}`, kind: 'error', now: Date.now() });
        break;
      case 'found':
        dispatch({ type: 'jumpTo', seq: msg.seq, now: Date.now() });
        requestView();
        break;
      case 'record': {
        const pending = pendingRecords.get(msg.id);
        pendingRecords.delete(msg.id);
        if (pending === undefined) break;
        const what = pending.what;
        if (what === 'detail') {
          dispatch({ type: 'recordArrived', seq: pending.seq, record: msg.record });
          break;
        }
        if (msg.record === undefined) {
          dispatch({ type: 'notice', text: 'that log has left the buffer; nothing copied', kind: 'error', now: Date.now() });
          break;
        }
        const text = what === 'message' ? msg.record.message : recordJson(msg.record);
        dispatch({ type: 'notice', text: copyToClipboard(term, text), kind: 'info', now: Date.now() });
        break;
      }
      case 'fatal':
        failure = msg.message;
        resolveDone(1);
        break;
      case 'stopped':
        break;
    }
  });

  term.onKey((key: Key) => {
    metrics.key(performance.now());
    const command = commandFor(keyMap, model.mode, key);
    if (command !== undefined) dispatch({ type: 'command', command, now: Date.now() });
    else if (isInputMode(model.mode) && isTypedText(key)) dispatch({ type: 'insertText', text: key.sequence });
    if (dirty) render();
    if (dirty) keyWaiting = true;
    requestView();
  });
  term.onResize((cols, rows) => {
    screen.resize(cols, rows);
    renderer.invalidate();
    dispatch({ type: 'resized', cols, rows, listHeight: listRows(computeLayout(cols, rows, model.statsPane)) });
    render();
    requestView();
  });

  if (opts.filter !== undefined && opts.filter !== '') {
    dispatch({ type: 'command', command: 'editFilter', now: Date.now() });
    dispatch({ type: 'insertText', text: opts.filter });
    dispatch({ type: 'command', command: 'applyInput', now: Date.now() });
  }

  // A frame skipped while the terminal was busy is drawn from a fresh snapshot, not the one
  // that was current when it was skipped; a key's frame at once (what it changed is in the model).
  term.onDrain(() => {
    if (keyWaiting) render();
    if (dirty) requestView();
  });

  // Each tick asks for a snapshot and the frame is drawn when it arrives, so it shows the logs
  // of that moment. Only when the engine has not answered for two ticks is the last snapshot
  // drawn instead (the model may have changed: a notice, new statistics).
  const frameTimer = setInterval(() => {
    requestView();
    if (dirty && requestPending && performance.now() - requestedAt > 2 * frameMs) render();
  }, frameMs);

  const rateTimer = setInterval(() => {
    const t = Date.now();
    const c = view.snapshot.counters;
    const logsPerSecond = ((c.received - lastReceived) * 1000) / Math.max(1, t - lastRateAt);
    lastReceived = c.received;
    lastRateAt = t;
    dispatch({ type: 'ratesUpdated', rates: { logsPerSecond, ...c } });
    dispatch({ type: 'tick', now: t });
    metrics.flush({ received: c.received, buffered: view.snapshot.total, missed: c.missed, dropped: 0 });
  }, 1000);

  void done.then(() => {
    clearInterval(frameTimer);
    clearInterval(rateTimer);
    const c = view.snapshot.counters;
    metrics.flush({ received: c.received, buffered: view.snapshot.total, missed: c.missed, dropped: 0 });
  });

  return { done, failure: () => failure };
}

function isTypedText(key: Key): boolean {
  if (key.ctrl || key.meta || key.sequence === '') return false;
  for (const ch of key.sequence) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) return false;
  }
  return true;
}
