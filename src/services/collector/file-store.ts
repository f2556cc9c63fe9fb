import { FileIndexer } from '../../ingest/file-index/file-indexer.js';
import { serviceFromPath } from '../../ingest/line-pipeline.js';
import { DEFAULT_MAX_LINE_BYTES } from '../../ingest/line-splitter.js';
import type { ServiceNaming } from '../../ingest/normalise.js';
import type { ParsedLog } from '../../ingest/parse-line.js';
import type { LogRecord } from '../../protocol/log-record.js';
import type { QueryRecord } from '../../query/eval/field-path.js';
import { parseRow, rowFields, toFileRow, toQueryRecord, toRecord, type FileRow } from './file-rows.js';
import { MergeOrder, type BackRows, type RowRef } from './merge-order.js';

/** Rows kept parsed for drawing: several screens, so scrolling back and forth reads nothing again. */
const CACHED_ROWS = 4096;

export interface FileStoreOptions {
  paths: string[];
  /** `--service`: overrides the service of every row. */
  service?: string;
  /** Longer rows are cut (default 256 KiB, as the live path's lines). */
  maxLineBytes?: number;
  follow?: boolean;
  pollMs?: number;
  /** Rows were numbered, appended or changed: what the list shows may have changed. */
  onChange: () => void;
  /** A row appended after the start got its sequence number. */
  onAppend: (seq: number) => void;
  /** An appended row grew: an indented line joined it, or the rest of its line arrived. */
  onExtend?: (seq: number) => void;
}

/** What the index knows of a row without reading it. */
export interface IndexedRow {
  time: number;
  /** Rank in LEVELS. */
  level: number;
  /** The time is read from the files (the row's or a neighbour's), not when they were opened. */
  fromFiles: boolean;
}

/** Indexing progress over every file. */
export interface StoreProgress {
  /** Bytes inflated so far while `.gz` files are inflated, before they are indexed. */
  inflating: number | undefined;
  rows: number;
  bytesDone: number;
  bytesTotal: number;
  done: boolean;
}

/**
 * The rows of `view FILE...`, every line of every file, without their text in memory: each
 * file's index (ingest/file-index) gives where its rows are, the merge gives their order, and a
 * row's bytes are read back from disk and parsed when it is drawn, opened, or tested by a filter.
 */
export class FileStore {
  readonly order: MergeOrder;
  private readonly cache = new Map<number, FileRow>();
  private readonly namings: ServiceNaming[];
  private readonly maxLineBytes: number;
  /** Stands in for the time of rows in files that carry none at all. */
  private readonly openedAt = Date.now();

  private constructor(
    private readonly files: FileIndexer[],
    readonly labels: string[],
    opts: FileStoreOptions,
  ) {
    this.namings = opts.paths.map((p) => ({ override: opts.service, fallback: serviceFromPath(p) }));
    this.maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    const backs: BackRows[] = files.map((f) => ({
      get size() {
        return f.back.size;
      },
      time: (k) => f.back.time(k),
      get complete() {
        return f.progress.done;
      },
    }));
    this.order = new MergeOrder(backs);
  }

  /** Opens and starts indexing every file. */
  static async open(opts: FileStoreOptions): Promise<FileStore> {
    // The indexers start (and call back) once the store exists.
    const wired: { store?: FileStore } = {};
    // Only a file's last appended row can grow: its sequence number, per file.
    const lastAppended = opts.paths.map(() => -1);
    const files: FileIndexer[] = [];
    for (const [file, path] of opts.paths.entries()) {
      files.push(
        await FileIndexer.open({
          path,
          ...(opts.follow !== undefined ? { follow: opts.follow } : {}),
          ...(opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {}),
          onBack: () => {
            if (wired.store !== undefined && wired.store.order.advance() > 0) opts.onChange();
          },
          onForward: (row) => {
            if (wired.store === undefined) return;
            const seq = wired.store.order.append(file, row);
            lastAppended[file] = seq;
            opts.onAppend(seq);
            opts.onChange();
          },
          onExtend: () => {
            // An indented line joined a row: parse it again when it is next drawn.
            wired.store?.cache.clear();
            const seq = lastAppended[file] as number;
            if (seq >= 0) opts.onExtend?.(seq);
            opts.onChange();
          },
        }),
      );
    }
    const store = new FileStore(files, opts.paths.map(shortLabel), opts);
    wired.store = store;
    for (const f of files) f.start();
    return store;
  }

  /** Resolves when every file is indexed and, when not following, read to its end; rejects on a read error. */
  get done(): Promise<void> {
    return Promise.all(this.files.map((f) => f.done)).then(() => undefined);
  }

  progress(): StoreProgress {
    let bytesDone = 0;
    let bytesTotal = 0;
    let done = true;
    let inflating: number | undefined;
    for (const f of this.files) {
      if (f.progress.inflating !== undefined) inflating = (inflating ?? 0) + f.progress.inflating;
      bytesDone += f.progress.bytesDone;
      bytesTotal += f.progress.bytesTotal;
      done &&= f.progress.done;
    }
    return { inflating, rows: this.order.total, bytesDone, bytesTotal, done: done && this.order.complete };
  }

  /** What the list shows of a row (parsed once, then cached), or undefined for no such row. */
  row(seq: number): FileRow | undefined {
    const hit = this.cache.get(seq);
    if (hit !== undefined) return hit;
    const parsed = this.parse(seq);
    if (parsed === undefined) return undefined;
    const row = toFileRow(parsed.log, this.namings[parsed.file] as ServiceNaming, parsed.file);
    if (this.cache.size >= CACHED_ROWS) this.cache.delete(this.cache.keys().next().value as number);
    this.cache.set(seq, row);
    return row;
  }

  /** What a query reads of a row (not cached: a scan reads each row once). */
  queryRecord(seq: number): QueryRecord | undefined {
    const parsed = this.parse(seq);
    return parsed === undefined ? undefined : toQueryRecord(parsed.log, this.namings[parsed.file] as ServiceNaming);
  }

  /** What a filter on level, service and message reads of a row (cheaper than queryRecord). */
  fields(seq: number): QueryRecord | undefined {
    const at = this.bytesOf(seq);
    return at === undefined ? undefined : rowFields(at.bytes, at.time, this.namings[at.file] as ServiceNaming);
  }

  /** The full record of a row, for the detail view, a copy or an export. */
  record(seq: number): LogRecord | undefined {
    const parsed = this.parse(seq);
    return parsed === undefined ? undefined : toRecord(parsed.log, this.namings[parsed.file] as ServiceNaming);
  }

  /** Bytes the indexes take. */
  get heldBytes(): number {
    return this.files.reduce((n, f) => n + f.heldBytes, this.order.heldBytes);
  }

  async stop(): Promise<void> {
    for (const f of this.files) f.stop();
    await Promise.allSettled(this.files.map((f) => f.done));
    for (const f of this.files) f.close();
  }

  private parse(seq: number): { log: ParsedLog; file: number } | undefined {
    const at = this.bytesOf(seq);
    return at === undefined ? undefined : { log: parseRow(at.bytes, at.time), file: at.file };
  }

  /**
   * A row's time and level as its file's index has them, read without the file: what the time
   * range, the histogram and the jump to a time go by. Undefined for no such row.
   */
  indexed(seq: number): IndexedRow | undefined {
    const ref = this.order.locate(seq);
    if (ref === undefined) return undefined;
    const file = this.files[ref.file] as FileIndexer;
    const cols = ref.set === 'back' ? file.back : file.forward;
    const time = this.timeAt(ref);
    return { time, level: cols.level(ref.row), fromFiles: time !== this.openedAt };
  }

  /** A row's time: its own, else its neighbour's in its file, else when the files were opened. */
  private timeAt(ref: RowRef): number {
    const file = this.files[ref.file] as FileIndexer;
    const cols = ref.set === 'back' ? file.back : file.forward;
    let t = cols.time(ref.row);
    // The newest rows of a file may have no newer neighbour to take a time from: an older one's then.
    for (let k = ref.row + 1; t !== t && ref.set === 'back' && k < Math.min(cols.size, ref.row + 1000); k++)
      t = cols.time(k);
    return t === t ? t : this.openedAt;
  }

  /** A row's bytes (read from its file), its index time and its file. */
  private bytesOf(seq: number): { bytes: Buffer; time: number; file: number } | undefined {
    const ref = this.order.locate(seq);
    if (ref === undefined) return undefined;
    const file = this.files[ref.file] as FileIndexer;
    const time = this.timeAt(ref);
    const bytes =
      file.readRow(ref.set, ref.row, this.maxLineBytes) ??
      Buffer.from(`(no longer in ${this.labels[ref.file] ?? ''}: the file was truncated since)`);
    return { bytes, time, file: ref.file };
  }
}

/** A file's name as a source column shows it. */
function shortLabel(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
