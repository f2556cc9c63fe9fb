import { isAbsolute, join, resolve } from 'node:path';
import type { FromEngine, ToEngine } from '../../services/collector/engine-protocol.js';
import type { Effect } from '../state/actions.js';

/** The engine request of a mark jump or an export; names are resolved against `home` and `cwd`. */
export function markExportRequest(
  effect: Extract<Effect, { type: 'findMark' | 'exportList' | 'exportTable' }>,
  id: number,
  home: string,
  cwd: string,
): ToEngine {
  switch (effect.type) {
    case 'findMark':
      return { type: 'findMark', marks: effect.marks, fromSeq: effect.fromSeq, direction: effect.direction, id };
    case 'exportList':
      return { type: 'export', path: resolveExportPath(effect.name, home, cwd), overwrite: effect.overwrite, id };
    case 'exportTable':
      return {
        type: 'exportTable',
        table: effect.table,
        path: resolveExportPath(effect.name, home, cwd),
        overwrite: effect.overwrite,
        id,
      };
  }
}

/** The file an export name means: `~` and `~/…` are in the home directory, a relative name is in `cwd`. */
export function resolveExportPath(name: string, home: string, cwd: string): string {
  if (name === '~') return home;
  if (name.startsWith('~/')) return join(home, name.slice(2));
  return isAbsolute(name) ? resolve(name) : resolve(cwd, name);
}

/** The status line's word on a finished export: `wrote 1,234 logs to /tmp/x.jsonl` or `export failed: EACCES: /root/x`. */
export function exportNotice(msg: Extract<FromEngine, { type: 'exported' }>): { text: string; kind: 'info' | 'error' } {
  if (msg.error !== undefined) return { text: `export failed: ${msg.error}`, kind: 'error' };
  const noun = msg.count === 1 ? msg.what.slice(0, -1) : msg.what;
  return { text: `wrote ${msg.count.toLocaleString('en-US')} ${noun} to ${msg.path}`, kind: 'info' };
}
