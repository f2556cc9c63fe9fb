import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { EngineConfig } from './engine-config.js';
import { prestartWorkerEngine, startWorkerEngine } from './engine-host.js';
import type { FromEngine } from './engine-protocol.js';

const dir = mkdtempSync(join(tmpdir(), 'engine-host-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function filesConfig(): EngineConfig {
  const path = join(dir, 'app.log');
  writeFileSync(path, 'first line\nsecond line\n');
  return { mode: 'files', paths: [path], logsChannel: 'logs', statsChannel: 'stats', capacity: 1000 };
}

function nextMessage(engine: { onMessage(l: (m: FromEngine) => void): void }, type?: string): Promise<FromEngine> {
  return new Promise((resolve) =>
    engine.onMessage((m) => (type === undefined || m.type === type ? resolve(m) : undefined)),
  );
}

describe('the engine thread', () => {
  it('started before its config is known, runs the config it is handed', async () => {
    prestartWorkerEngine('files');
    const engine = startWorkerEngine(filesConfig());
    const first = await nextMessage(engine);
    assert.notEqual(first.type, 'fatal', JSON.stringify(first));
    await engine.stop();
  });

  it('stops, having said why, when the thread has died, with nothing else keeping the process alive', () => {
    // In a process of its own: here the test runner would keep the event loop going.
    const script = join(dir, 'dead-thread.mjs');
    writeFileSync(
      script,
      `import { startWorkerEngine } from ${JSON.stringify(new URL('./engine-host.js', import.meta.url).href)};
const engine = startWorkerEngine(${JSON.stringify(filesConfig())});
engine.onMessage((m) => {
  if (m.type !== 'fatal') return;
  console.log('fatal');
  // As the TUI does: it stops the engine once it has restored the terminal, when the thread is gone.
  setTimeout(async () => {
    await engine.stop();
    console.log('stopped');
  }, 500);
});
// A request the thread cannot take: it throws where nothing catches it, and the thread dies.
engine.post({ type: 'view' });
`,
    );
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.stdout, 'fatal\nstopped\n', run.stderr);
    assert.equal(run.status, 0);
  });
});
