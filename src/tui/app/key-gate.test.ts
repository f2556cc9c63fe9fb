import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LogEngine } from '../../services/collector/engine.js';
import { DEFAULT_BINDINGS } from '../keys/bindings.js';
import type { Key } from '../keys/key.js';
import { isInputMode } from '../keys/commands.js';
import { buildKeyMap, commandFor, commandInEveryMode } from '../keys/match.js';
import type { Action, Effect } from '../state/actions.js';
import { initialModel, type Model } from '../state/model.js';
import { SnapshotView } from '../state/snapshot-view.js';
import { update } from '../state/update.js';
import { computeLayout, listRows } from '../view/layout.js';
import { ANSWER_WAIT_MS, KeyGate, MAX_WAITING_KEYS, keyKind, type KeyKind } from './key-gate.js';

const keyMap = buildKeyMap(DEFAULT_BINDINGS);
const NAMED: Record<string, string> = { '\r': 'return', '\x1b': 'escape' };
const keyOf = (ch: string): Key => ({ name: NAMED[ch] ?? ch, ctrl: false, meta: false, shift: false, sequence: ch });

/** Logs 0..299, every 70th a match for `failed` (further apart than the rows a snapshot holds); two marked. */
function world(): { engine: LogEngine; model: Model } {
  const engine = new LogEngine(400, { now: () => 0 });
  for (let i = 0; i < 300; i++)
    engine.ingest(
      JSON.stringify({ level: 'INFO', service: 'api', message: `request ${i} ${i % 70 === 0 ? 'failed' : 'ok'}` }),
    );
  const model = initialModel({ cols: 100, rows: 30, source: { label: 'test', status: { state: 'ready', since: 0 } } });
  const listHeight = listRows(computeLayout(100, 30, model.statsPane));
  return { engine, model: { ...model, listHeight, search: 'failed', marks: [35, 200] } };
}

type Event = { key: string } | { answer: true } | { rows: true };

/**
 * Runs a session through the real `update` and a real engine whose answers to requests that
 * move the selection arrive when the events say (`answer`), and the rows around the selection
 * they moved to later still (`rows`), or all at the end; with `gated` false, the keys act as
 * they come. Returns the model at the end and each log opened.
 */
function session(events: readonly Event[], gated: boolean): { model: Model; opened: (number | undefined)[] } {
  const { engine, model: start } = world();
  let model = start;
  const viewOf = (m: Model): SnapshotView =>
    new SnapshotView(engine.snapshot({ anchor: m.top, height: m.listHeight, margin: m.listHeight }));
  let view = viewOf(model);
  const opened: (number | undefined)[] = [];
  const unanswered: { id: number; effect: Effect }[] = [];
  let ids = 0;
  const dispatch = (action: Action): void => {
    const result = update(model, action, { view });
    if (result.model.mode === 'detail' && model.mode !== 'detail') opened.push(result.model.detail?.seq);
    model = result.model;
    // The rows follow a key at once here, but an answer only with a `rows` event.
    if (action.type === 'command' || !gated) view = viewOf(model);
    for (const effect of result.effects)
      if (effect.type === 'find' || effect.type === 'findMark') {
        unanswered.push({ id: ++ids, effect });
        gate.waitFor(ids);
      }
  };
  const gate = new KeyGate<string>({
    now: () => 0,
    kind: (k) =>
      gated ? keyKind(commandFor(keyMap, model.mode, keyOf(k)), commandInEveryMode(keyMap, keyOf(k))) : 'quit',
    act: (k) => {
      const command = commandFor(keyMap, model.mode, keyOf(k));
      if (command !== undefined) dispatch({ type: 'command', command, now: 0 });
      else if (isInputMode(model.mode) && k >= ' ') dispatch({ type: 'insertText', text: k });
    },
    settled: () => model.selected === undefined || view.indexOf(model.selected) >= 0,
    dropped: () => assert.fail('no key is dropped while answers come'),
  });
  const answer = (): void => {
    const next = unanswered.shift();
    if (next === undefined) return;
    const e = next.effect;
    if (e.type === 'find') dispatch({ type: 'jumpTo', seq: engine.find(e.pattern, e.fromSeq, e.direction), now: 0 });
    else if (e.type === 'findMark')
      dispatch({ type: 'markFound', seq: engine.findMark(e.marks, e.fromSeq, e.direction), now: 0 });
    gate.answered(next.id);
  };
  const rows = (): void => {
    view = viewOf(model);
    gate.rowsArrived();
  };
  for (const event of events) {
    if ('key' in event) gate.key(event.key);
    else if ('answer' in event) answer();
    else rows();
  }
  for (let rounds = 0; unanswered.length > 0 || gate.waiting > 0; rounds++) {
    assert.ok(rounds < 1000, 'the keys are replayed in the end');
    answer();
    rows();
  }
  return { model, opened };
}

/** The same keys, each typed after the answer to the one before. */
function inTurn(events: readonly Event[]): { model: Model; opened: (number | undefined)[] } {
  return session(
    events.flatMap((e) => ('key' in e ? [e, { answer: true } as const] : [])),
    false,
  );
}

// n/N search, j/k move, Enter opens and h closes the detail, ]/[ go to marks, Esc follows, ? and Esc
// help, / searches again (typing 0 or q in the box), e opens the export box, q quits.
const KEYS = ['n', 'n', 'N', 'j', 'k', '\r', 'h', ']', '[', '\x1b', '?', 'G', 'g', '/', '0', 'e', 'q'];
const eventArb: fc.Arbitrary<Event> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEYS).map((key): Event => ({ key })) },
  { weight: 2, arbitrary: fc.constantFrom<Event>({ answer: true }, { rows: true }) },
);

describe('keys typed ahead of the engine', () => {
  it('end where the same keys end when each waits for the answer to the one before, whatever the interleaving', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (events) => {
        const ahead = session(events, true);
        const typedInTurn = inTurn(events);
        assert.deepEqual(ahead.opened, typedInTurn.opened);
        assert.deepEqual(ahead.model, typedInTurn.model);
      }),
      { numRuns: 300 },
    );
  });

  it('land n n n on the third match and n Enter on the second match, with no answer in between', () => {
    const three = session([{ key: 'n' }, { key: 'n' }, { key: 'n' }], true);
    assert.equal(three.model.selected, 140);
    const open = session([{ key: 'n' }, { key: 'n' }, { key: '\r' }], true);
    assert.deepEqual(open.opened, [210]);
  });
});

describe('the key gate', () => {
  const gate = (kinds: Record<string, KeyKind>) => {
    let now = 0;
    const acted: string[] = [];
    const dropped: [number, string][] = [];
    const g = new KeyGate<string>({
      now: () => now,
      kind: (k) => kinds[k] ?? 'waits',
      settled: () => true,
      act: (k) => acted.push(k),
      dropped: (count, why) => dropped.push([count, why]),
    });
    return { g, acted, dropped, advance: (ms: number) => (now += ms) };
  };

  it('acts on every key at once while no answer is awaited', () => {
    const { g, acted } = gate({});
    for (const k of 'abc') g.key(k);
    assert.deepEqual(acted, ['a', 'b', 'c']);
  });

  it('lets Ctrl-C and keys free of the selection through while others wait, and Ctrl-C even behind them', () => {
    const { g, acted } = gate({ q: 'quit', s: 'free' });
    g.waitFor(1);
    g.key('s');
    g.key('j');
    g.key('s');
    g.key('q');
    assert.deepEqual(acted, ['s', 'q']);
    g.answered(1);
    assert.deepEqual(acted, ['s', 'q', 'j', 's']);
  });

  it('reads q as quit at once only when no key waits ahead of it (one may open a text box), and Ctrl-C always', () => {
    const kind = (k: Key, mode: Model['mode']): KeyKind =>
      keyKind(commandFor(keyMap, mode, k), commandInEveryMode(keyMap, k));
    assert.equal(kind(keyOf('q'), 'normal'), 'free');
    assert.equal(kind(keyOf('q'), 'export'), 'free');
    const ctrlC: Key = { name: 'c', ctrl: true, meta: false, shift: false, sequence: '\x03' };
    for (const mode of ['normal', 'detail', 'search', 'export', 'results', 'patterns'] as const)
      assert.equal(kind(ctrlC, mode), 'quit');
    const { g, acted } = gate({ q: 'free' });
    g.waitFor(1);
    g.key('q');
    assert.deepEqual(acted, ['q']);
    g.key('e');
    g.key('q');
    assert.deepEqual(acted, ['q']);
    g.answered(1);
    assert.deepEqual(acted, ['q', 'e', 'q']);
  });

  it('ignores the answer to an earlier request', () => {
    const { g, acted } = gate({});
    g.waitFor(2);
    g.key('a');
    g.answered(1);
    assert.deepEqual(acted, []);
    g.answered(2);
    assert.deepEqual(acted, ['a']);
  });

  it('replays the waiting keys up to the next request that moves the selection, and the rest after its answer', () => {
    const acted: string[] = [];
    const g: KeyGate<string> = new KeyGate<string>({
      now: () => 0,
      kind: () => 'waits',
      settled: () => true,
      act: (k) => {
        acted.push(k);
        if (k === 'n') g.waitFor(3);
      },
      dropped: () => undefined,
    });
    g.waitFor(2);
    for (const k of 'xnyz') g.key(k);
    g.answered(2);
    assert.deepEqual(acted, ['x', 'n']);
    assert.equal(g.waiting, 2);
    g.answered(3);
    assert.deepEqual(acted, ['x', 'n', 'y', 'z']);
  });

  it('drops the waiting keys, and says how many, when no answer comes in time; later keys act at once', () => {
    const { g, acted, dropped, advance } = gate({});
    g.waitFor(1);
    g.key('a');
    g.key('b');
    advance(ANSWER_WAIT_MS - 1);
    g.tick();
    assert.deepEqual(dropped, []);
    advance(1);
    g.tick();
    assert.deepEqual(dropped, [[2, 'late']]);
    g.key('c');
    g.answered(1);
    assert.deepEqual(acted, ['c']);
  });

  it('after an answer, keeps the keys until the rows around the new selection came, or acts on what is there when they are late', () => {
    let settled = false;
    let now = 0;
    const acted: string[] = [];
    const g = new KeyGate<string>({
      now: () => now,
      kind: () => 'waits',
      act: (k) => acted.push(k),
      settled: () => settled,
      dropped: () => assert.fail('nothing is dropped once the answer came'),
    });
    g.waitFor(1);
    g.key('j');
    g.answered(1);
    g.rowsArrived();
    g.key('k');
    assert.deepEqual(acted, []);
    settled = true;
    g.rowsArrived();
    assert.deepEqual(acted, ['j', 'k']);
    settled = false;
    g.waitFor(2);
    g.key('j');
    g.answered(2);
    now += ANSWER_WAIT_MS;
    g.tick();
    assert.deepEqual(acted, ['j', 'k', 'j']);
  });

  it('holds a bounded number of keys', () => {
    const { g, dropped } = gate({});
    g.waitFor(1);
    for (let i = 0; i <= MAX_WAITING_KEYS; i++) g.key('k');
    assert.equal(g.waiting, MAX_WAITING_KEYS);
    assert.deepEqual(dropped, [[1, 'full']]);
  });
});
