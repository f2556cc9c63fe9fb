import type { Payload } from '../protocol/payload.js';
import { payloadText } from '../protocol/payload.js';
import { decodeLog } from '../protocol/log-decode.js';
import type { LogRecord } from '../protocol/log-record.js';
import type { CompiledLogQuery } from '../query/log-query.js';
import type { Pipeline } from '../query/pipeline/pipeline.js';
import type { Table } from '../query/pipeline/table.js';
import { openRedisBus, type RedisCliOptions } from './bus-factory.js';
import { say } from './common.js';
import { tableJson, tableText } from './query-output.js';
import { onShutdown } from './shutdown.js';

/*
 * `logstream query --redis URL`: the query over the live stream until Ctrl-C. A filter prints
 * each matching log as it arrives; a pipeline reprints its table at most once a second while it
 * changes. Pub/Sub cannot be paused, so output that a slow reader cannot take is dropped (and
 * counted on stderr) rather than queued without bound.
 */

/** How often a changing table is printed again. */
const TABLE_EVERY_MS = 1000;
/** Bytes of output waiting for the reader beyond which lines are dropped. */
const MAX_PENDING_BYTES = 8 * 1024 * 1024;
/** How often dropped lines are told on stderr at most. */
const DROP_REPORT_MS = 5000;

export interface LiveQueryOptions {
  json: boolean;
  maxLineBytes?: number | undefined;
  /** Formats a matching log (with its pattern when asked for): the same lines as on files. */
  formatLog: (log: LogRecord) => string;
  redis: RedisCliOptions & { logsChannel: string };
}

/** Runs the query on the live stream; resolves with the exit code (0 on Ctrl-C or when `head` is satisfied). */
export async function runLiveQuery(
  compiled: CompiledLogQuery,
  pipeline: Pipeline,
  o: LiveQueryOptions,
): Promise<number> {
  const out = boundedOutput();
  const bus = openRedisBus('query', o.redis);
  const skipFields = !compiled.needsFields && (pipeline.makesTable || !o.json);
  const limit = pipeline.logLimit ?? Infinity;
  let matched = 0;
  let changed = false;
  let updates = 0;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));

  const printTable = (): void => {
    if (!changed) return;
    changed = false;
    updates++;
    out.write(tableUpdate(pipeline.table(), updates, matched, o.json));
  };
  const onLog = (payload: Payload): void => {
    if (matched >= limit) return;
    const log = decodeLog(payloadText(payload), Date.now(), {
      skipFields,
      ...(o.maxLineBytes !== undefined ? { maxLineBytes: o.maxLineBytes } : {}),
    });
    if (!compiled.filter(log)) return;
    matched++;
    if (pipeline.makesTable) {
      pipeline.add(log);
      changed = true;
    } else out.write(`${o.formatLog(log)}\n`);
    if (matched >= limit) finish(0);
  };

  const timer = setInterval(() => {
    if (pipeline.makesTable) printTable();
    out.reportDrops();
  }, TABLE_EVERY_MS);
  const sub = await bus.subscribe(o.redis.logsChannel, onLog);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      clearInterval(timer);
      await sub.unsubscribe().catch(() => undefined);
      await bus.close();
      // The table as it stands when the reader stops.
      if (pipeline.makesTable) printTable();
      out.reportDrops(true);
    })());
  onShutdown(stop, { exitCode: 0 });
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    // The reader went away (`| head`): nothing more to say.
    if (err.code === 'EPIPE') process.exit(0);
  });
  const code = await finished;
  await stop();
  return code;
}

/** One printed update of a table: a marker line and the aligned table, or one JSON object per row with `_update`. */
export function tableUpdate(table: Table, update: number, matched: number, json: boolean): string {
  if (json)
    return tableJson(table)
      .map((row) => `{"_update":${update}${row === '{}' ? '' : ','}${row.slice(1)}\n`)
      .join('');
  const head = `-- update ${update} · ${new Date().toISOString()} · ${matched.toLocaleString('en-US')} logs matched --`;
  return `${[head, ...tableText(table)].join('\n')}\n\n`;
}

/** stdout with a bound on what waits for the reader: past it, lines are dropped and counted. */
function boundedOutput(): { write(text: string): void; reportDrops(final?: boolean): void } {
  let dropped = 0;
  let told = 0;
  let toldAt = Number.NEGATIVE_INFINITY;
  return {
    write(text) {
      if (process.stdout.writableLength > MAX_PENDING_BYTES) dropped++;
      else process.stdout.write(text);
    },
    reportDrops(final = false) {
      const now = Date.now();
      if (dropped === told || (!final && now - toldAt < DROP_REPORT_MS)) return;
      say(
        'query',
        `dropped ${(dropped - told).toLocaleString('en-US')} lines: the output was read slower than logs came`,
      );
      told = dropped;
      toldAt = now;
    },
  };
}
