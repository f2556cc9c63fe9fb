import { isUtf8 } from 'node:buffer';
import type { Level } from '../protocol/level.js';
import { UNKNOWN_SERVICE, type LogRecord } from '../protocol/log-record.js';
import { CONTROL } from '../protocol/flat-json.js';
import { FlatScan } from '../protocol/flat-scan.js';
import { MAX_FLAT_CHARS } from '../protocol/log-scan-flat.js';
import { trimNewlines } from '../protocol/log-values.js';
import { wireLatency, wireService, wireTime, type ServiceNaming } from './normalise.js';

/** What only a Docker json-file line starts with (a `log` the driver may have cut). */
const DOCKER_HEAD = '{"log":"';

/**
 * A line that is a flat JSON object and nothing else the line pipeline treats specially, read
 * as the log `lineText` and `parseLine` (without fields), then the wire form, would make of it,
 * with one pass over its characters and no JSON.parse (see flat-scan.ts). Each value is read
 * when first asked for, so a consumer that looks at the level and the service never parses the
 * time. One object serves line after line: what it says holds until its next `read`.
 */
export class FlatLine implements LogRecord {
  private readonly scan = new FlatScan();
  private text = '';
  private start = 0;
  private end = 0;
  private arrivalMs = 0;
  private serviceValue: string | undefined;
  private timeValue: number | undefined;
  readonly fields = undefined;
  readonly plain = false;
  readonly producer = undefined;
  readonly truncated = false;

  constructor(private readonly naming: ServiceNaming) {}

  /**
   * Reads the line at [start, end) of `text`, which holds no control character there; false
   * for any line that must take the general way: not a flat JSON object the scan handles, a
   * Docker json-file line (a `log` the driver may have cut, a `stream` field), too long.
   */
  read(text: string, start: number, end: number, arrivalMs: number): boolean {
    if (end - start > MAX_FLAT_CHARS) return false;
    // The third character first: most lines' is no `l`, and a call to startsWith costs more.
    if (text.charCodeAt(start + 2) === 108 && text.startsWith(DOCKER_HEAD, start)) return false;
    if (!this.scan.scan(text, start, end, true)) return false;
    this.text = text;
    this.start = start;
    this.end = end;
    this.arrivalMs = arrivalMs;
    this.serviceValue = undefined;
    this.timeValue = undefined;
    return true;
  }

  /** Reads one line's bytes (see read); false also for bytes that are not UTF-8 or hold control characters. */
  readBytes(bytes: Buffer, arrivalMs: number): boolean {
    if (bytes[0] !== 123 || !isUtf8(bytes)) return false;
    const text = bytes.toString();
    return !CONTROL.test(text) && this.read(text, 0, text.length, arrivalMs);
  }

  get time(): number {
    return (this.timeValue ??= wireTime(this.scan.time() ?? this.arrivalMs));
  }

  get timeFromEvent(): boolean {
    return this.scan.time() !== undefined;
  }

  get level(): Level {
    return this.scan.level();
  }

  get service(): string {
    return (this.serviceValue ??= wireService(this.scan.service() ?? UNKNOWN_SERVICE, this.naming));
  }

  get message(): string {
    return trimNewlines(this.scan.message() ?? '');
  }

  get latencyMs(): number | undefined {
    return wireLatency(this.scan.latency(), undefined);
  }

  get raw(): string {
    return this.text.slice(this.start, this.end);
  }

  /** A record of its own, that outlives the next `read`. */
  record(): LogRecord {
    const { time, timeFromEvent, level, service, message, latencyMs, raw } = this;
    return {
      time,
      timeFromEvent,
      level,
      service,
      message,
      latencyMs,
      fields: undefined,
      plain: false,
      raw,
      producer: undefined,
      truncated: false,
    };
  }
}
