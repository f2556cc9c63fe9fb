/*
 * Joins the lines of one multi-line record (a stack trace) to the line that started it:
 * Java (`\tat …`, `Caused by:`, `... 5 more`, the exception line after a log line), Python
 * (`Traceback (most recent call last):`, indented frames, the closing `ValueError: …` line,
 * chained tracebacks), Node (`    at …`), Go panics (`panic:`, `goroutine N [running]:`, frames,
 * `exit status 2`), Go zap's stack after an error (`main.main`, then its tab-indented file),
 * PostgreSQL's `DETAIL:`/`HINT:`/`STATEMENT:` lines after an error. Lines inside a container head
 * (CRI, `docker compose logs`) are judged by what follows the head. A record is emitted when a line that starts a new one arrives, on flush()
 * (the caller's idle timer, end of input), or when it reaches its size limit.
 */

import { lineBody } from './container-lines.js';
import { PG_CONTINUATION } from './server-lines.js';

type Mode = 'plain' | 'python' | 'go' | 'zap';

const JAVA_CONTINUATION = /^(?:Caused by: |Suppressed: |\.\.\. \d+ (?:more|common frames omitted))/;
const JAVA_EXCEPTION = /^(?:[a-zA-Z_$][\w$]*\.)+[A-Za-z_$][\w$]*(?:Exception|Error|Throwable)(?::|$)/;
const PY_TRACEBACK = /^Traceback \(most recent call last\):/;
const PY_CHAIN = /^(?:During handling of the above exception|The above exception was the direct cause)/;
const PY_EXCEPTION = /^[A-Za-z_][\w.]*(?::|$)/;
const GO_START = /^(?:panic: |fatal error: )/;
// zap's console encoder: time, tab, level, tab; its stack is Go symbols, each with a tab-indented file.
const ZAP_HEAD = /^\S+\t(?:DEBUG|INFO|WARN|ERROR|DPANIC|PANIC|FATAL)\t/;
const GO_SYMBOL = /^[\w./*()[\]{}-]+\.[\w.*()[\]{}-]+$/;
const GO_LINE = /^(?:goroutine \d+ \[|created by |exit status \d+$|\[signal |\[recovered\]|[\w./*()[\]{}-]+\(.*\)$)/;

/** Limits of one joined record. */
export interface MultilineOptions {
  maxLines?: number;
  maxChars?: number;
}

/** Joins continuation lines to the record before them; see the file comment for the rules. */
export class MultilineJoiner {
  private lines: string[] = [];
  private chars = 0;
  private mode: Mode = 'plain';
  private lastIndented = false;
  /** The first line of the held record without its container head. */
  private firstBody = '';
  private readonly maxLines: number;
  private readonly maxChars: number;

  constructor(
    private readonly emit: (record: string) => void,
    opts: MultilineOptions = {},
  ) {
    this.maxLines = opts.maxLines ?? 500;
    this.maxChars = opts.maxChars ?? 512 * 1024;
  }

  /** True while a record is held back waiting for possible continuation lines. */
  get pending(): boolean {
    return this.lines.length > 0;
  }

  /**
   * Adds one line (without its newline). True when it continues the held record; false when it
   * starts a new one (the held one is emitted first) or is a blank line on its own (dropped).
   */
  push(line: string): boolean {
    if (
      this.lines.length > 0 &&
      this.continues(line) &&
      this.lines.length < this.maxLines &&
      this.chars + line.length < this.maxChars
    ) {
      this.append(line);
      return true;
    }
    this.flush();
    // Blank lines carry nothing on their own.
    if (line.trim() === '') return false;
    const body = lineBody(line);
    this.mode = GO_START.test(body) ? 'go' : PY_TRACEBACK.test(body) ? 'python' : ZAP_HEAD.test(body) ? 'zap' : 'plain';
    this.lastIndented = false;
    this.lines = [line];
    this.firstBody = body;
    this.chars = line.length;
    return false;
  }

  /** Emits the held record, if any. */
  flush(): void {
    if (this.lines.length === 0) return;
    let end = this.lines.length;
    while (end > 1 && (this.lines[end - 1] as string).trim() === '') end--;
    const record = end === 1 ? (this.lines[0] as string) : this.lines.slice(0, end).join('\n');
    this.lines = [];
    this.chars = 0;
    this.mode = 'plain';
    this.emit(record);
  }

  private append(line: string): void {
    this.lines.push(line);
    this.chars += line.length + 1;
    const body = lineBody(line);
    if (PY_TRACEBACK.test(body)) this.mode = 'python';
    this.lastIndented = body.startsWith(' ') || body.startsWith('\t');
  }

  private continues(whole: string): boolean {
    const first = this.firstBody;
    const line = lineBody(whole);
    if (PG_CONTINUATION.test(line)) return true;
    // JSON lines are whole records; an indented line after one is not part of it.
    if (first.startsWith('{') || line.startsWith('{')) return false;
    const indented = line.startsWith(' ') || line.startsWith('\t');
    if (this.mode === 'go') return line === '' || indented || GO_LINE.test(line);
    if (this.mode === 'zap' && GO_SYMBOL.test(line)) return true;
    if (indented && line.trim() !== '') return true;
    if (PY_TRACEBACK.test(line)) return true;
    if (this.mode === 'python') {
      if (line === '' || PY_CHAIN.test(line)) return true;
      // The exception line closes a traceback: it follows the indented frames.
      return this.lastIndented && PY_EXCEPTION.test(line);
    }
    return JAVA_CONTINUATION.test(line) || JAVA_EXCEPTION.test(line);
  }
}
