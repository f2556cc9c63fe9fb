import type { Bus, BusStatus } from '../bus/bus.js';
import { createRedisBus } from '../bus/redis-bus.js';
import { say } from './common.js';
import { redactUrl } from '../bus/redis-url.js';

/** Opens the Redis bus for a service and reports its connection changes on stderr (one line each). */
export function openRedisBus(command: string, url: string, opts: { quiet?: boolean } = {}): Bus {
  const bus = createRedisBus({ url, name: `logstream-${command}` });
  if (opts.quiet !== true) {
    let last: BusStatus['state'] | undefined;
    bus.onStatus((status) => {
      if (status.state === last && status.state !== 'reconnecting') return;
      last = status.state;
      const where = redactUrl(url);
      if (status.state === 'ready') say(command, `connected to ${where}`);
      else if (status.state === 'reconnecting') say(command, `cannot reach ${where}${status.error !== undefined ? ` (${status.error})` : ''}; retrying`);
    });
  }
  return bus;
}
