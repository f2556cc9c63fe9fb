import { redisConnectOptions, reportDrops, type RedisCliOptions } from '../bus-factory.js';
import { say } from '../common.js';
import { onShutdown } from '../shutdown.js';
import { startSendPool } from './send-pool.js';
import { producersLine, progressLine, REPORT_EVERY_MS, summaryLine } from './send-plan.js';

/** The options of `logstream send`, as commander hands them over. */
export interface SendOptions extends RedisCliOptions {
  logsChannel: string;
  rate: number;
  count?: number;
  services?: string[];
  seed?: string;
  threads: number;
}

/**
 * `logstream send --threads N`: N sender threads (see send-pool.ts), their counts added up in the
 * periodic report and the summary, each producer's range of sequence numbers named. Stopped by
 * a signal like the single sender; when a thread fails, the others are stopped, one line says
 * which failed and why, and the exit code is 1.
 */
export async function sendWithThreads(o: SendOptions): Promise<void> {
  const pool = startSendPool({
    redis: redisConnectOptions('send', o),
    channel: o.logsChannel,
    rate: o.rate,
    threads: o.threads,
    onSay: oncePerSecond((message) => say('send', message)),
    ...(o.count !== undefined ? { count: o.count } : {}),
    ...(o.services !== undefined ? { services: o.services } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  });
  say('send', producersLine(pool.producerIds));
  const report = setInterval(() => say('send', progressLine(pool.progress())), REPORT_EVERY_MS);
  report.unref();
  // The threads' drops added up (each thread's bus reports only its connection changes).
  const stopDrops = reportDrops(
    () => pool.progress().lost,
    (message) => say('send', message),
  );
  let finishing: Promise<void> | undefined;
  const finish = (): Promise<void> =>
    (finishing ??= (async () => {
      await pool.stop();
      clearInterval(report);
      stopDrops();
      say('send', summaryLine(await pool.done));
    })());
  onShutdown(finish);
  try {
    await pool.done;
    await finish();
  } catch (err) {
    clearInterval(report);
    stopDrops();
    // A failure while a signal stops the threads is reported by the shutdown handler.
    if (finishing !== undefined) return;
    say('send', `error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}

/**
 * Says each line once however many threads report it within a second: they share one Redis, so
 * their connection changes are the same news.
 */
function oncePerSecond(tell: (message: string) => void): (message: string) => void {
  const said = new Map<string, number>();
  return (message) => {
    const now = Date.now();
    for (const [line, at] of said) if (now - at >= 1_000) said.delete(line);
    if (said.has(message)) return;
    said.set(message, now);
    tell(message);
  };
}
