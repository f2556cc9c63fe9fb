import type { EngineHost } from '../../services/collector/engine-host.js';
import type { FromEngine } from '../../services/collector/engine-protocol.js';
import { DEFAULT_BINDINGS, type Binding } from '../keys/bindings.js';
import type { Key } from '../keys/key.js';
import { buildKeyMap } from '../keys/match.js';
import type { HelpViewport } from '../state/help.js';
import { helpViewport as helpFor } from '../view/help-view.js';
import { detailViewport } from '../view/detail-view.js';
import { NO_PROBE, type AppProbe } from '../probe/probe.js';
import type { Action, Effect } from '../state/actions.js';
import { initialModel, type Model, type Order, type StatsSource } from '../state/model.js';
import { SnapshotView, emptySnapshot } from '../state/snapshot-view.js';
import { update } from '../state/update.js';
import type { TerminalSession } from '../terminal.js';
import { drawApp } from '../view/app-view.js';
import { DiffRenderer } from '../view/diff-renderer.js';
import { computeLayout, listRows } from '../view/layout.js';
import { Screen } from '../view/screen.js';
import type { Theme } from '../view/theme.js';
import { CrashLog, tildePath } from './crash-log.js';
import { handleEngineMessage } from './engine-messages.js';
import { FrameScheduler } from './frame-scheduler.js';
import { keyInputGate } from './key-input.js';
import { performEffect } from './perform-effect.js';
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

  const perform = (effect: Effect): void =>
    performEffect(effect, {
      engine,
      requests,
      waitFor: (id) => gate.waitFor(id),
      requestSnapshot: () => scheduler.request(),
      cols: () => model.cols,
      quit: () => resolveDone(0),
    });

  const onEngine = (msg: FromEngine): void =>
    handleEngineMessage(msg, {
      model: () => model,
      view: () => view,
      setView: (next) => (view = next),
      dispatch,
      notice,
      scheduler,
      requests,
      terminal: term,
      fail: (message) => {
        failure = message;
        resolveDone(1);
      },
    });
  engine.onMessage((msg) => {
    contain(`engine message ${msg.type}`, () => onEngine(msg));
    // After the answer moved the selection (or said there was nothing to move to), whatever it threw.
    if (msg.type === 'found' || msg.type === 'markFound' || msg.type === 'timeFound')
      contain('waiting keys', () => gate.answered(msg.id));
    else if (msg.type === 'snapshot') contain('waiting keys', () => gate.rowsArrived());
  });

  const gate = keyInputGate({ keyMap, model: () => model, view: () => view, dispatch, notice, contain });

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
