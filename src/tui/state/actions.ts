import type { BusStatus } from '../../bus/bus.js';
import type { WindowStats } from '../../protocol/stats.js';
import type { Command } from '../keys/commands.js';
import type { Rates } from './model.js';

/** Everything that can happen to the UI state. */
export type Action =
  | { type: 'command'; command: Command; now: number }
  | { type: 'insertText'; text: string }
  | { type: 'logsArrived' }
  | { type: 'statsArrived'; windows: WindowStats[] }
  | { type: 'statusChanged'; status: BusStatus }
  | { type: 'ratesUpdated'; rates: Rates }
  | { type: 'resized'; cols: number; rows: number; listHeight: number }
  | { type: 'notice'; text: string; kind: 'info' | 'error'; now: number }
  | { type: 'tick'; now: number };

/** Side effects `update` asks the container to perform. */
export type Effect =
  | { type: 'copy'; seq: number; what: 'message' | 'json' }
  | { type: 'setFilter'; pattern: string }
  | { type: 'quit' };
