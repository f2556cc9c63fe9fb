import type { FromEngine, ViewSnapshot } from '../../services/collector/engine-protocol.js';
import type { Action } from '../state/actions.js';
import type { Model } from '../state/model.js';
import { SnapshotView } from '../state/snapshot-view.js';
import { statsActions } from '../state/stats-actions.js';
import type { TerminalSession } from '../terminal.js';
import { copyToClipboard, recordJson } from './copy.js';
import type { FrameScheduler } from './frame-scheduler.js';
import { exportNotice } from './mark-export.js';
import type { RecordRequests } from './record-requests.js';

/** What handling an engine message reaches: the app's state, its dispatch and its parts. */
export interface EngineMessagePorts {
  model: () => Model;
  view: () => SnapshotView;
  setView: (view: SnapshotView) => void;
  dispatch: (action: Action) => void;
  notice: (text: string, kind: 'info' | 'error') => void;
  scheduler: Pick<FrameScheduler, 'snapshotArrived' | 'request'>;
  requests: RecordRequests;
  /** Where copies go (OSC 52). */
  terminal: TerminalSession;
  /** The engine failed: the app ends with this message. */
  fail: (message: string) => void;
}

/** Whether a new snapshot shows something the previous one did not (so a frame is due). */
export function snapshotChanged(before: ViewSnapshot, after: ViewSnapshot): boolean {
  return (
    after.version !== before.version ||
    after.startIndex !== before.startIndex ||
    after.rows[0]?.seq !== before.rows[0]?.seq
  );
}

/** Turns one message from the engine into actions, notices and snapshot requests. */
export function handleEngineMessage(msg: FromEngine, ports: EngineMessagePorts): void {
  const { dispatch, notice, scheduler } = ports;
  switch (msg.type) {
    case 'snapshot': {
      const s = msg.snapshot;
      const changed = snapshotChanged(ports.view().snapshot, s);
      ports.setView(new SnapshotView(s));
      // Marks of logs that left the buffer go with them.
      if ((ports.model().marks[0] ?? Infinity) < s.heldFrom) dispatch({ type: 'bufferStart', seq: s.heldFrom });
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
      const answer = ports.requests.settle(msg.id, msg.record);
      if (answer === undefined) break;
      if (answer.purpose === 'detail') dispatch({ type: 'recordArrived', seq: answer.seq, record: answer.record });
      else if (answer.record === undefined) notice('that log has left the buffer; nothing copied', 'error');
      else {
        const text = answer.purpose === 'message' ? answer.record.message : recordJson(answer.record);
        notice(copyToClipboard(ports.terminal, text), 'info');
      }
      break;
    }
    case 'fatal':
      ports.fail(msg.message);
      break;
    case 'stopped':
      break;
  }
}
