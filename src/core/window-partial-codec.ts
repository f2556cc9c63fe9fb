import { readAccumulatorState } from './accumulator-state.js';
import type { ProducerRun, RollupState, WindowPartial } from './group-windows.js';
import type { AccumulatorLimits } from './window-accumulator.js';
import { WindowAccumulator } from './window-accumulator.js';

/** A partial window as stored in Redis: `{"s": AccumulatorState, "r": [[producer, first, last, firstId], ...]}`. */
export function encodePartial(partial: WindowPartial): string {
  const runs = partial.runs.map((r) => [r.producer, r.first, r.last, r.firstId]);
  return `{"s":${JSON.stringify(partial.acc.toState())},"r":${JSON.stringify(runs)}}`;
}

function isRun(v: unknown): v is [string, number, number, string] {
  return (
    Array.isArray(v) &&
    typeof v[0] === 'string' &&
    Number.isSafeInteger(v[1]) &&
    Number.isSafeInteger(v[2]) &&
    typeof v[3] === 'string'
  );
}

/** Reads back `encodePartial`; an Error for text of another shape. */
export function decodePartial(text: string, limits: AccumulatorLimits = {}): WindowPartial | Error {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return new Error('partial window is not JSON', { cause: err });
  }
  const v = value as { s?: unknown; r?: unknown } | null;
  if (v === null || typeof v !== 'object' || !Array.isArray(v.r) || !v.r.every(isRun)) {
    return new Error('partial window has not the shape {"s":..., "r":[...]}');
  }
  const state = readAccumulatorState(v.s);
  if (state instanceof Error) return state;
  const runs: ProducerRun[] = v.r.map(([producer, first, last, firstId]) => ({ producer, first, last, firstId }));
  return { acc: WindowAccumulator.fromState(state, limits), runs };
}

/** A rollup in progress as stored in Redis: `{"start": ms, "s": AccumulatorState}`. */
export function encodeRollup(state: RollupState): string {
  return `{"start":${state.start},"s":${JSON.stringify(state.acc.toState())}}`;
}

/** Reads back `encodeRollup`; an Error for text of another shape. */
export function decodeRollup(text: string, limits: AccumulatorLimits = {}): RollupState | Error {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return new Error('rollup state is not JSON', { cause: err });
  }
  const v = value as { start?: unknown; s?: unknown } | null;
  if (v === null || typeof v !== 'object' || !Number.isSafeInteger(v.start)) {
    return new Error('rollup state has not the shape {"start":..., "s":...}');
  }
  const state = readAccumulatorState(v.s);
  if (state instanceof Error) return state;
  return { start: v.start as number, acc: WindowAccumulator.fromState(state, limits) };
}
