import { homedir } from 'node:os';
import type { EngineHost } from '../../services/collector/engine-host.js';
import type { FromEngine } from '../../services/collector/engine-protocol.js';
import { DEFAULT_BINDINGS, type Binding } from '../keys/bindings.js';
import { isInputMode } from '../keys/commands.js';
import type { Key } from '../keys/key.js';
import { buildKeyMap, commandFor, commandInEveryMode } from '../keys/match.js';
import type { HelpViewport } from '../state/help.js';
import { helpViewport as helpFor } from '../view/help-view.js';
import { detailViewport } from '../view/detail-view.js';
import { NO_PROBE, type AppProbe } from '../probe/probe.js';
import type { Action, Effect } from '../state/actions.js';
import { initialModel, type Model, type Order, type StatsSource } from '../state/model.js';
import { SnapshotView, emptySnapshot } from '../state/snapshot-view.js';
import { statsActions } from '../state/stats-actions.js';
import { update } from '../state/update.js';
import type { TerminalSession } from '../terminal.js';
import { drawApp } from '../view/app-view.js';
import { DiffRenderer } from '../view/diff-renderer.js';
import { histogramBars } from '../view/histogram-view.js';
import { computeLayout, listRows } from '../view/layout.js';
import { Screen } from '../view/screen.js';
import type { Theme } from '../view/theme.js';
import { copyToClipboard, recordJson } from './copy.js';
import { CrashLog, tildePath } from './crash-log.js';
import { exportNotice, markExportRequest } from './mark-export.js';
import { FrameScheduler } from './frame-scheduler.js';
import { KeyGate, droppedNotice, keyKind } from './key-gate.js';
import { RecordRequests } from './record-requests.js';

export interface AppOptions {
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
  /** The keybinding table (defaults plus the config file's rebindings). */
  bindings?: readonly Binding[];
  order?: Order;
  /** What the statistics pane counts (default: the analyzer's windows). */
  statsOf?: StatsSource;
  /** Frame and latency measurements (the benchmarks' metrics file). */
  probe?: AppProbe;
  /** Where contained internal errors go (default: the XDG state dir). */
  crashLog?: CrashLog;
  /** The view function; replaceable so that tests can make a frame fail. */
  draw?: typeof drawApp;
}

export interface App {
  /** Resolves with the exit code when the user quits (or 1 when the engine failed). */
  done: Promise<number>;
  /** The engine's failure, when `done` resolved because of one. */
  failure(): string | undefined;
}

/**
 * The collector's UI thread: keys and engine messages go through the pure `update`, and the
 * screen is drawn from the latest engine snapshot when the frame scheduler says so. Whatever
 * throws inside a key, a message or a frame is contained: the frame is skipped, the stack goes
 * to the crash log, the status line says where, and the app keeps running.
 */
export function startApp(opts: AppOptions): App {
  const { engine, terminal: term } = opts;
  const probe = opts.probe ?? NO_PROBE;
  const crashLog = opts.crashLog ?? new CrashLog();
  const draw = opts.draw ?? drawApp;
  const bindings = opts.bindings ?? DEFAULT_BINDINGS;
  const keyMap = buildKeyMap(bindings);
  const helpViewport = (m: Model): HelpViewport => helpFor(bindings, m);
  const screen = new Screen(term.cols, term.rows);
  const renderer = new DiffRenderer(
    probe.wrapWrite((s) => term.write(s)),
    { monochrome: opts.monochrome ?? false },
  );
  const requests = new RecordRequests();
  let view = new SnapshotView(emptySnapshot(opts.capacity));
  let model: Model = initialModel({
    cols: term.cols,
    rows: term.rows,
    source: { label: opts.sourceLabel, status: { state: 'connecting', since: Date.now() } },
    ...(opts.order !== undefined ? { order: opts.order } : {}),
    ...(opts.statsOf !== undefined ? { statsOf: opts.statsOf } : {}),
  });
  model = { ...model, listHeight: listRows(computeLayout(term.cols, term.rows, model.statsPane)) };
  let failure: string | undefined;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  const contain = (where: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      const path = crashLog.record(where, err);
      // The next frame is drawn whole: this one may have been left half done.
      renderer.invalidate();
      try {
        model = update(
          model,
          { type: 'notice', text: `internal error, details in ${tildePath(path)}`, kind: 'error', now: Date.now() },
          { view, helpViewport, detailViewport },
        ).model;
      } catch (again) {
        crashLog.record('notice', again);
      }
      scheduler.invalidate();
    }
  };

  const scheduler = new FrameScheduler(
    {
      now: () => performance.now(),
      terminalBusy: () => term.busy,
      requestSnapshot: () =>
        engine.post({
          type: 'view',
          request: { anchor: model.top, height: model.listHeight, margin: model.listHeight },
        }),
      draw: () =>
        contain('frame', () => {
          probe.frameStart();
          draw(screen, model, view, opts.theme, Date.now(), bindings);
          renderer.render(screen);
          probe.frameEnd(newestAgeMs);
        }),
    },
    Math.max(5, Math.round(1000 / (opts.fps ?? 30))),
  );

  /** How old the newest row on screen is, while following (the benchmarks' freshness). */
  const newestAgeMs = (): number | undefined => {
    if (model.top !== undefined || view.snapshot.startIndex !== 0) return undefined;
    const newest = view.snapshot.rows.find((r) => r.gap === undefined);
    return newest === undefined ? undefined : Date.now() - newest.time;
  };

  const dispatch = (action: Action): void => {
    const result = update(model, action, { view, helpViewport, detailViewport });
    if (result.model !== model) scheduler.invalidate();
    // The list's height depends on the statistics pane's size.
    model =
      result.model.statsPane !== model.statsPane
        ? {
            ...result.model,
            listHeight: listRows(computeLayout(result.model.cols, result.model.rows, result.model.statsPane)),
          }
        : result.model;
    for (const effect of result.effects) perform(effect);
  };
  const notice = (text: string, kind: 'info' | 'error'): void =>
    dispatch({ type: 'notice', text, kind, now: Date.now() });

  const perform = (effect: Effect): void => {
    switch (effect.type) {
      case 'copy':
        engine.post({ type: 'record', seq: effect.seq, id: requests.open(effect.what, effect.seq) });
        break;
      case 'fetchRecord':
        engine.post({ type: 'record', seq: effect.seq, id: requests.open('detail', effect.seq) });
        break;
      case 'setFilter':
        engine.post({ type: 'filter', query: effect.query, levelMin: effect.levelMin, id: requests.id() });
        scheduler.request();
        break;
      case 'find': {
        const id = requests.id();
        engine.post({
          type: 'find',
          pattern: effect.pattern,
          fromSeq: effect.fromSeq,
          direction: effect.direction,
          id,
        });
        gate.waitFor(id);
        break;
      }
      case 'findMark':
      case 'exportList':
      case 'exportTable': {
        const id = requests.id();
        engine.post(markExportRequest(effect, id, homedir(), process.cwd()));
        if (effect.type === 'findMark') gate.waitFor(id);
        break;
      }
      case 'watchPatterns':
        engine.post({ type: 'patterns', watch: effect.watch });
        break;
      case 'fetchHistogram':
        engine.post({ type: 'histogram', bars: histogramBars(model.cols) });
        break;
      case 'seekTime': {
        const id = requests.id();
        engine.post({ type: 'seekTime', from: effect.from, to: effect.to, newer: effect.newer, id });
        gate.waitFor(id);
        break;
      }
      case 'quit':
        resolveDone(0);
        break;
    }
  };

  const onEngine = (msg: FromEngine): void => {
    switch (msg.type) {
      case 'snapshot': {
        const s = msg.snapshot;
        const changed =
          s.version !== view.snapshot.version ||
          s.startIndex !== view.snapshot.startIndex ||
          s.rows[0]?.seq !== view.snapshot.rows[0]?.seq;
        view = new SnapshotView(s);
        // Marks of logs that left the buffer go with them.
        if ((model.marks[0] ?? Infinity) < s.heldFrom) dispatch({ type: 'bufferStart', seq: s.heldFrom });
        scheduler.snapshotArrived(changed);
        break;
      }
      case 'stats':
        for (const action of statsActions(msg.payload, Date.now())) dispatch(action);
        break;
      case 'notice':
        notice(msg.text, 'info');
        break;
      case 'status':
        dispatch({ type: 'statusChanged', status: msg.status });
        break;
      case 'filterResult':
        if (msg.error !== undefined) notice(`filter not applied: ${msg.error}`, 'error');
        break;
      case 'results':
        dispatch({ type: 'resultsArrived', results: msg.results });
        break;
      case 'patterns':
        dispatch({ type: 'patternsArrived', patterns: msg.patterns });
        break;
      case 'found':
        dispatch({ type: 'jumpTo', seq: msg.seq, now: Date.now() });
        scheduler.request();
        break;
      case 'markFound':
        dispatch({ type: 'markFound', seq: msg.seq, now: Date.now() });
        scheduler.request();
        break;
      case 'histogram':
        dispatch({ type: 'histogramArrived', histogram: msg.histogram });
        break;
      case 'timeFound':
        dispatch({ type: 'timeFound', seq: msg.seq, top: msg.top, now: Date.now() });
        scheduler.request();
        break;
      case 'exported': {
        const done = exportNotice(msg);
        notice(done.text, done.kind);
        break;
      }
      case 'record': {
        const answer = requests.settle(msg.id, msg.record);
        if (answer === undefined) break;
        if (answer.purpose === 'detail') dispatch({ type: 'recordArrived', seq: answer.seq, record: answer.record });
        else if (answer.record === undefined) notice('that log has left the buffer; nothing copied', 'error');
        else
          notice(
            copyToClipboard(term, answer.purpose === 'message' ? answer.record.message : recordJson(answer.record)),
            'info',
          );
        break;
      }
      case 'fatal':
        failure = msg.message;
        resolveDone(1);
        break;
      case 'stopped':
        break;
    }
  };
  engine.onMessage((msg) => {
    contain(`engine message ${msg.type}`, () => onEngine(msg));
    // After the answer moved the selection (or said there was nothing to move to), whatever it threw.
    if (msg.type === 'found' || msg.type === 'markFound' || msg.type === 'timeFound')
      contain('waiting keys', () => gate.answered(msg.id));
    else if (msg.type === 'snapshot') contain('waiting keys', () => gate.rowsArrived());
  });

  const actOnKey = (key: Key): void =>
    contain('key', () => {
      const command = commandFor(keyMap, model.mode, key);
      if (command !== undefined) dispatch({ type: 'command', command, now: Date.now() });
      else if (isInputMode(model.mode) && isTypedText(key)) dispatch({ type: 'insertText', text: key.sequence });
    });
  const gate: KeyGate<Key> = new KeyGate({
    now: () => Date.now(),
    kind: (key) => keyKind(commandFor(keyMap, model.mode, key), commandInEveryMode(keyMap, key)),
    act: actOnKey,
    settled: () => model.selected === undefined || view.indexOf(model.selected) >= 0,
    dropped: (count, why) => contain('dropped keys', () => notice(droppedNotice(count, why), 'error')),
  });

  term.onKey((key: Key) => {
    probe.key();
    contain('key', () => gate.key(key));
    scheduler.keyHandled();
  });
  term.onResize((cols, rows) => {
    contain('resize', () => {
      screen.resize(cols, rows);
      renderer.invalidate();
      dispatch({ type: 'resized', cols, rows, listHeight: listRows(computeLayout(cols, rows, model.statsPane)) });
    });
    scheduler.resized();
  });
  term.onDrain(() => scheduler.drained());

  if (opts.filter !== undefined && opts.filter !== '') {
    const filter = opts.filter;
    contain('start-up filter', () => {
      dispatch({ type: 'command', command: 'editFilter', now: Date.now() });
      dispatch({ type: 'insertText', text: filter });
      dispatch({ type: 'command', command: 'applyInput', now: Date.now() });
    });
  }

  const frameTimer = setInterval(() => {
    contain('waiting keys', () => gate.tick());
    scheduler.tick();
  }, scheduler.frameMs);
  let lastReceived = 0;
  let lastRateAt = Date.now();
  const totals = () => {
    const c = view.snapshot.counters;
    return { received: c.received, buffered: view.snapshot.total, missed: c.missed, dropped: 0 };
  };
  const rateTimer = setInterval(() => {
    contain('rates', () => {
      const t = Date.now();
      const c = view.snapshot.counters;
      const logsPerSecond = ((c.received - lastReceived) * 1000) / Math.max(1, t - lastRateAt);
      lastReceived = c.received;
      lastRateAt = t;
      dispatch({ type: 'ratesUpdated', rates: { logsPerSecond, ...c } });
      dispatch({ type: 'tick', now: t });
      // The open histogram follows the logs, counted again at most once a second; so does the
      // statistics pane of files, drawn from the same counts.
      const fileStats = view.snapshot.sources !== undefined && model.statsPane !== 'hidden';
      if (model.mode === 'histogram' || fileStats) perform({ type: 'fetchHistogram' });
    });
    probe.flush(totals());
  }, 1000);

  void done.then(() => {
    clearInterval(frameTimer);
    clearInterval(rateTimer);
    probe.flush(totals());
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
