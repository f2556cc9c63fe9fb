import type { Bus, Subscription } from '../bus/bus.js';
import { decodeLog } from '../protocol/log-decode.js';
import { decodeStats } from '../protocol/stats-codec.js';
import type { Effect, Action } from '../tui/state/actions.js';
import { compileFilter } from '../tui/state/filter.js';
import { LogStore } from '../tui/state/log-store.js';
import { initialModel, type Model } from '../tui/state/model.js';
import { update, type UpdateContext } from '../tui/state/update.js';
import { DEFAULT_BINDINGS } from '../tui/keys/bindings.js';
import type { Key } from '../tui/keys/key.js';
import { buildKeyMap, commandFor } from '../tui/keys/match.js';
import { osc52Sequence } from '../tui/osc52.js';
import type { TerminalSession } from '../tui/terminal.js';
import { drawApp } from '../tui/view/app-view.js';
import { DiffRenderer } from '../tui/view/diff-renderer.js';
import { computeLayout, listRows } from '../tui/view/layout.js';
import { Screen } from '../tui/view/screen.js';
import type { Theme } from '../tui/view/theme.js';

export interface CollectorOptions {
  logsChannel: string;
  statsChannel: string;
  /** How many logs the list keeps (the oldest are rotated out). */
  bufferSize: number;
  /** What the status line calls the source: 'embedded' or a redacted Redis URL. */
  sourceLabel: string;
  terminal: TerminalSession;
  theme: Theme;
  monochrome?: boolean;
  /** Frames per second at most; the screen is redrawn only when something changed. */
  fps?: number;
  filter?: string;
  now?: () => number;
}

export interface Collector {
  /** Resolves with the exit code when the user quits. */
  done: Promise<number>;
  stop(): Promise<void>;
}

/**
 * The collector TUI's container: feeds bus messages and key presses through the pure
 * `update`, performs its effects, and redraws at a bounded frame rate (never per message).
 */
export async function startCollector(bus: Bus, opts: CollectorOptions): Promise<Collector> {
  const now = opts.now ?? Date.now;
  const term = opts.terminal;
  const store = new LogStore(opts.bufferSize);
  const keyMap = buildKeyMap(DEFAULT_BINDINGS);
  const screen = new Screen(term.cols, term.rows);
  const renderer = new DiffRenderer((s) => term.write(s), { monochrome: opts.monochrome ?? false });
  const ctx: UpdateContext = { view: store, messageOf: (seq) => store.get(seq)?.message };

  let model: Model = initialModel({ cols: term.cols, rows: term.rows, source: { label: opts.sourceLabel, status: bus.status() } });
  model = { ...model, listHeight: listRows(computeLayout(term.cols, term.rows)) };
  let dirty = true;
  let received = 0;
  let plain = 0;
  let badStats = 0;
  let lastReceived = 0;
  let lastRateAt = now();
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  const dispatch = (action: Action): void => {
    const result = update(model, action, ctx);
    if (result.model !== model) dirty = true;
    model = result.model;
    for (const effect of result.effects) perform(effect);
  };

  const perform = (effect: Effect): void => {
    switch (effect.type) {
      case 'copy':
        term.write(osc52Sequence(effect.text, { tmux: process.env.TMUX !== undefined && process.env.TMUX !== '' }));
        break;
      case 'setFilter': {
        const compiled = compileFilter(effect.pattern);
        store.setFilter(compiled.ok ? compiled.predicate : undefined);
        dirty = true;
        break;
      }
      case 'quit':
        resolveDone(0);
        break;
    }
  };

  if (opts.filter !== undefined && opts.filter !== '') {
    model = { ...model, draft: opts.filter, cursor: opts.filter.length };
    dispatch({ type: 'command', command: 'applyFilter', now: now() });
  }

  const subs: Subscription[] = [];
  subs.push(
    await bus.subscribe(opts.logsChannel, (payload) => {
      const log = decodeLog(payload, now());
      received++;
      if (log.plain) plain++;
      store.push(log);
      dirty = true;
    }),
  );
  subs.push(
    await bus.subscribe(opts.statsChannel, (payload) => {
      try {
        dispatch({ type: 'statsArrived', windows: decodeStats(payload) });
      } catch {
        badStats++;
        if (badStats === 1 || badStats % 100 === 0) {
          dispatch({ type: 'notice', text: `ignored ${badStats} malformed message(s) on ${opts.statsChannel}`, kind: 'error', now: now() });
        }
      }
    }),
  );
  const offStatus = bus.onStatus((status) => dispatch({ type: 'statusChanged', status }));
  dispatch({ type: 'statusChanged', status: bus.status() });

  term.onKey((key: Key) => onKey(key));
  term.onResize((cols, rows) => {
    screen.resize(cols, rows);
    renderer.invalidate();
    dispatch({ type: 'resized', cols, rows, listHeight: listRows(computeLayout(cols, rows)) });
    dirty = true;
  });

  function onKey(key: Key): void {
    const command = commandFor(keyMap, model.mode, key);
    if (command !== undefined) dispatch({ type: 'command', command, now: now() });
    else if (model.mode === 'editing' && isTypedText(key)) dispatch({ type: 'insertText', text: key.sequence });
  }

  const frameMs = Math.max(5, Math.round(1000 / (opts.fps ?? 30)));
  const frameTimer = setInterval(() => {
    if (!dirty) return;
    dirty = false;
    drawApp(screen, model, store, opts.theme, now());
    renderer.render(screen);
  }, frameMs);

  const rateTimer = setInterval(() => {
    const t = now();
    const elapsed = Math.max(1, t - lastRateAt);
    const logsPerSecond = ((received - lastReceived) * 1000) / elapsed;
    lastReceived = received;
    lastRateAt = t;
    dispatch({ type: 'ratesUpdated', rates: { logsPerSecond, received, plain, evicted: store.evicted } });
    dispatch({ type: 'tick', now: t });
  }, 1000);

  let stopped = false;
  return {
    done,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(frameTimer);
      clearInterval(rateTimer);
      offStatus();
      await Promise.allSettled(subs.map((s) => s.unsubscribe()));
    },
  };
}

function isTypedText(key: Key): boolean {
  if (key.ctrl || key.meta || key.sequence === '') return false;
  for (const ch of key.sequence) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) return false;
  }
  return true;
}
