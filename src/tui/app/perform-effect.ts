import { homedir } from 'node:os';
import type { EngineHost } from '../../services/collector/engine-host.js';
import type { Effect } from '../state/actions.js';
import { histogramBars } from '../view/histogram-view.js';
import { markExportRequest } from './mark-export.js';
import type { RecordRequests } from './record-requests.js';

/** What carrying out an effect reaches: the engine, the open requests and the UI thread's parts. */
export interface EffectPorts {
  engine: Pick<EngineHost, 'post'>;
  requests: RecordRequests;
  /** Keys typed from now on wait for the answer to request `id` (the key gate). */
  waitFor: (id: number) => void;
  /** Asks the engine for a fresh snapshot before the next frame. */
  requestSnapshot: () => void;
  /** The terminal's width now, which sets the histogram's number of bars. */
  cols: () => number;
  quit: () => void;
}

/** Carries out one effect of `update`: a request to the engine, or quitting. */
export function performEffect(effect: Effect, ports: EffectPorts): void {
  const { engine, requests } = ports;
  switch (effect.type) {
    case 'copy':
      engine.post({ type: 'record', seq: effect.seq, id: requests.open(effect.what, effect.seq) });
      break;
    case 'fetchRecord':
      engine.post({ type: 'record', seq: effect.seq, id: requests.open('detail', effect.seq) });
      break;
    case 'setFilter':
      engine.post({ type: 'filter', query: effect.query, levelMin: effect.levelMin, id: requests.id() });
      ports.requestSnapshot();
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
      ports.waitFor(id);
      break;
    }
    case 'findMark':
    case 'exportList':
    case 'exportTable': {
      const id = requests.id();
      engine.post(markExportRequest(effect, id, homedir(), process.cwd()));
      if (effect.type === 'findMark') ports.waitFor(id);
      break;
    }
    case 'watchPatterns':
      engine.post({ type: 'patterns', watch: effect.watch });
      break;
    case 'fetchHistogram':
      engine.post({ type: 'histogram', bars: histogramBars(ports.cols()) });
      break;
    case 'seekTime': {
      const id = requests.id();
      engine.post({ type: 'seekTime', from: effect.from, to: effect.to, newer: effect.newer, id });
      ports.waitFor(id);
      break;
    }
    case 'quit':
      ports.quit();
      break;
  }
}
