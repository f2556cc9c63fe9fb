/**
 * One key press, as the terminal layer reports it. `name` follows Node's readline names
 * ('up', 'down', 'pageup', 'return', 'escape', 'backspace', 'tab', 'space', 'a', ...); for a
 * printable character readline does not name (e.g. '?', '/'), `name` is the character itself.
 * `sequence` is the text the key types ('G' for shift+g), empty for non-printing keys.
 */
export interface Key {
  name: string;
  ctrl: boolean;
  meta: boolean;
  shift: boolean;
  sequence: string;
}
