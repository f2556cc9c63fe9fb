/*
 * The heads container runtimes and tools put in front of an application's own line:
 * Kubernetes CRI (`2024-05-01T10:00:00.123456789Z stdout F …`, where `P` marks a part of a line
 * the runtime split), `docker compose logs` / `stern` (`web-1  | …`, coloured, after `ESC[2K`),
 * and Docker's `json-file` driver (`{"log":"…\n","stream":"stdout","time":"…"}`).
 */

/** A CRI line cut in its parts. */
export interface CriLine {
  stamp: string;
  stream: 'stdout' | 'stderr';
  partial: boolean;
  body: string;
}

const CRI = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) (stdout|stderr) ([FP])(?: |$)/;
// Colours and the erase-line compose writes around its prefix.
const ANSI = '(?:\\x1b\\[[0-9;?]*[A-Za-z])*';
const SOURCE_PREFIX = new RegExp(`^${ANSI}([a-z0-9][\\w.-]{0,62})\\s*${ANSI}\\|${ANSI} ?${ANSI}`, 'i');

/** The parts of a CRI line; undefined when the line is not one. */
export function splitCri(line: string): CriLine | undefined {
  const c = line.charCodeAt(0);
  if (c < 48 || c > 57) return undefined;
  const m = CRI.exec(line);
  if (m === null) return undefined;
  return {
    stamp: m[1] as string,
    stream: m[2] as 'stdout' | 'stderr',
    partial: m[3] === 'P',
    body: line.slice(m[0].length),
  };
}

/** A `docker compose logs` prefix: the source's name and the line after it; undefined when none. */
export function splitSourcePrefix(line: string): { source: string; body: string } | undefined {
  const m = SOURCE_PREFIX.exec(line);
  if (m === null) return undefined;
  return { source: m[1] as string, body: line.slice(m[0].length) };
}

/** The application's line inside a container head (CRI, compose); the line itself when it has none. */
export function lineBody(line: string): string {
  const cri = splitCri(line);
  if (cri !== undefined) return cri.body;
  return splitSourcePrefix(line)?.body ?? line;
}

/** A Docker json-file record in the driver's own key order; `partial` when `log` does not end its line. */
function jsonFilePart(line: string): { log: string; stream: unknown; time: unknown; partial: boolean } | undefined {
  if (!line.startsWith('{"log":"')) return undefined;
  try {
    const v = JSON.parse(line) as Record<string, unknown>;
    if (typeof v.log !== 'string' || Object.keys(v).length > 4) return undefined;
    return { log: v.log, stream: v.stream, time: v.time, partial: !v.log.endsWith('\n') };
  } catch {
    return undefined;
  }
}

/**
 * Joins the parts of a line a container runtime split: CRI's `P` … `P` … `F` into one `F` line,
 * and Docker json-file's records whose `log` has no newline yet (the driver cuts lines at
 * 16 KiB) into one record with the first part's time, so the rest of the pipeline sees whole
 * lines. Holds at most `maxChars` of parts: beyond, the held line is passed on as it is.
 */
export class PartialLineJoiner {
  private head: string | undefined;
  private docker: { stream: unknown; time: unknown } | undefined;
  private parts: string[] = [];
  private chars = 0;

  constructor(
    private readonly emit: (line: string) => void,
    private readonly maxChars = 512 * 1024,
  ) {}

  push(line: string): void {
    const cri = splitCri(line);
    if (cri !== undefined) {
      if (this.docker !== undefined) this.flush();
      this.head ??= `${cri.stamp} ${cri.stream} F `;
      this.hold(cri.body, cri.partial);
      return;
    }
    const part =
      this.head === undefined && (this.docker !== undefined || line.charCodeAt(0) === 123)
        ? jsonFilePart(line)
        : undefined;
    if (part !== undefined && (part.partial || this.docker !== undefined)) {
      this.docker ??= { stream: part.stream, time: part.time };
      this.hold(part.log, part.partial);
      return;
    }
    this.flush();
    this.emit(line);
  }

  /** Passes on a held partial line (end of input). */
  flush(): void {
    if (this.head === undefined && this.docker === undefined) return;
    const text = this.parts.join('');
    const line =
      this.head !== undefined
        ? this.head + text
        : JSON.stringify({ log: text, stream: this.docker?.stream, time: this.docker?.time });
    this.head = undefined;
    this.docker = undefined;
    this.parts = [];
    this.chars = 0;
    this.emit(line);
  }

  private hold(text: string, partial: boolean): void {
    this.parts.push(text);
    this.chars += text.length;
    if (!partial || this.chars >= this.maxChars) this.flush();
  }
}

function isJsonObjectText(s: string): boolean {
  const t = s.trim();
  return t.startsWith('{') && t.endsWith('}');
}

/** Vector's sources whose events carry one raw line in `message` (marked by `source_type`). */
const VECTOR_LINE_SOURCES: ReadonlySet<string> = new Set(['docker_logs', 'kubernetes_logs', 'file', 'stdin', 'socket']);

/**
 * The key of a structured record that holds one raw text line: `log` (Docker's `json-file` and
 * `fluentd` drivers, Fluent Bit's tail input) when the record has no message of its own, or
 * `message` in an event of Vector's `docker_logs`, `kubernetes_logs` or `file` source. Undefined
 * when there is none, or when the line is JSON (then it is a whole record, see decodeLog).
 */
export function lineKeyOf(obj: Record<string, unknown>): 'log' | 'message' | undefined {
  const log = obj.log;
  if (typeof log === 'string') {
    return obj.message !== undefined || obj.msg !== undefined || isJsonObjectText(log) ? undefined : 'log';
  }
  const message = obj.message;
  const source = obj.source_type;
  if (typeof message !== 'string' || typeof source !== 'string' || !VECTOR_LINE_SOURCES.has(source)) return undefined;
  return isJsonObjectText(message) ? undefined : 'message';
}

/** The text line a structured record carries (see lineKeyOf), without its newline. */
export function logLineOf(obj: Record<string, unknown>): string | undefined {
  const key = lineKeyOf(obj);
  return key === undefined ? undefined : (obj[key] as string).replace(/\r?\n$/, '');
}
