import type { Action } from '../state/actions.js';
import type { Model } from '../state/model.js';
import type { SnapshotView } from '../state/snapshot-view.js';
import { isInputMode } from '../keys/commands.js';
import type { Key } from '../keys/key.js';
import { commandFor, commandInEveryMode, type KeyMap } from '../keys/match.js';
import { KeyGate, droppedNotice, keyKind } from './key-gate.js';

/** What the key path reaches: the app's state, its dispatch, and its containment of errors. */
export interface KeyInputPorts {
  keyMap: KeyMap;
  model: () => Model;
  view: () => SnapshotView;
  dispatch: (action: Action) => void;
  notice: (text: string, kind: 'info' | 'error') => void;
  contain: (where: string, fn: () => void) => void;
}

/** The action a key stands for in `mode`: its bound command, typed text in an input, or none. */
export function keyAction(keyMap: KeyMap, mode: Model['mode'], key: Key, now: number): Action | undefined {
  const command = commandFor(keyMap, mode, key);
  if (command !== undefined) return { type: 'command', command, now };
  if (isInputMode(mode) && isTypedText(key)) return { type: 'insertText', text: key.sequence };
  return undefined;
}

/** The key gate the terminal's keys go through: keys that need the selection wait until it is settled. */
export function keyInputGate(ports: KeyInputPorts): KeyGate<Key> {
  const { keyMap, contain } = ports;
  return new KeyGate({
    now: () => Date.now(),
    kind: (key) => keyKind(commandFor(keyMap, ports.model().mode, key), commandInEveryMode(keyMap, key)),
    act: (key) =>
      contain('key', () => {
        const action = keyAction(keyMap, ports.model().mode, key, Date.now());
        if (action !== undefined) ports.dispatch(action);
      }),
    settled: () => {
      const selected = ports.model().selected;
      return selected === undefined || ports.view().indexOf(selected) >= 0;
    },
    dropped: (count, why) => contain('dropped keys', () => ports.notice(droppedNotice(count, why), 'error')),
  });
}

/** Whether a key is text to insert: printable, with no control characters and no modifiers. */
export function isTypedText(key: Key): boolean {
  if (key.ctrl || key.meta || key.sequence === '') return false;
  for (const ch of key.sequence) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) return false;
  }
  return true;
}
