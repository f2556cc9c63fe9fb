import type { Command } from '../keys/commands.js';

const EDIT_COMMANDS = new Set<Command>([
  'deleteBackward',
  'cursorLeft',
  'cursorRight',
  'cursorHome',
  'cursorEnd',
  'deleteWord',
  'deleteToStart',
]);

/** True for the commands that edit the filter box's text. */
export function isEditCommand(command: Command): boolean {
  return EDIT_COMMANDS.has(command);
}

/** Applies a line-editing command to a text and cursor (UTF-16 offsets, surrogate pairs kept whole). */
export function applyEdit(command: Command, text: string, cursor: number): { text: string; cursor: number } {
  const at = Math.min(Math.max(0, cursor), text.length);
  switch (command) {
    case 'deleteBackward': {
      if (at === 0) return { text, cursor: at };
      const from = at - charBefore(text, at);
      return { text: text.slice(0, from) + text.slice(at), cursor: from };
    }
    case 'cursorLeft':
      return { text, cursor: at - charBefore(text, at) };
    case 'cursorRight':
      return { text, cursor: Math.min(text.length, at + charAfter(text, at)) };
    case 'cursorHome':
      return { text, cursor: 0 };
    case 'cursorEnd':
      return { text, cursor: text.length };
    case 'deleteWord': {
      let from = at;
      while (from > 0 && text[from - 1] === ' ') from--;
      while (from > 0 && text[from - 1] !== ' ') from--;
      return { text: text.slice(0, from) + text.slice(at), cursor: from };
    }
    case 'deleteToStart':
      return { text: text.slice(at), cursor: 0 };
    default:
      return { text, cursor: at };
  }
}

function charBefore(text: string, at: number): number {
  if (at <= 0) return 0;
  const low = text.charCodeAt(at - 1);
  return at >= 2 && low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
}

function charAfter(text: string, at: number): number {
  if (at >= text.length) return 0;
  const high = text.charCodeAt(at);
  return high >= 0xd800 && high <= 0xdbff && at + 1 < text.length ? 2 : 1;
}
