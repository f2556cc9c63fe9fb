import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { CLI } from './helpers/cli.js';

// The README's "Investigate a file" and "A Kubernetes log" show commands with their output:
// these run them and compare.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const start = readme.indexOf('### Investigate a file');
const section = readme.slice(start, readme.indexOf('\n## ', start));
const dir = mkdtempSync(join(tmpdir(), 'logstream-readme-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** What `kubectl logs --timestamps deploy/api` prints for the README's JSON application. */
const KUBECTL = [
  '2026-11-28T11:00:00.101234567Z {"level":"info","ts":"2026-11-28T11:00:00.100Z","msg":"request served","path":"/cart","status":200,"duration_ms":12}',
  '2026-11-28T11:00:01.202345678Z {"level":"error","ts":"2026-11-28T11:00:01.200Z","msg":"upstream timeout","path":"/pay","status":504,"duration_ms":3001}',
  '2026-11-28T11:00:02.303456789Z {"level":"warn","ts":"2026-11-28T11:00:02.300Z","msg":"retrying payment","path":"/pay","attempt":2}',
  '2026-11-28T11:00:03.404567890Z {"level":"error","ts":"2026-11-28T11:00:03.400Z","msg":"upstream timeout","path":"/pay","status":504,"duration_ms":3002}',
];
/** The same logs as the kubelet writes them on the node (CRI), one line cut into a `P` part. */
const CRI = [
  KUBECTL[0]?.replace(/^(\S+) /, '$1 stdout F '),
  KUBECTL[1]?.replace(/^(\S+) /, '$1 stdout F '),
  '2026-11-28T11:00:02.303456789Z stderr P {"level":"warn","ts":"2026-11-28T11:00:02.300Z","msg":"retrying pay',
  '2026-11-28T11:00:02.303556789Z stderr F ment","path":"/pay","attempt":2}',
  KUBECTL[3]?.replace(/^(\S+) /, '$1 stdout F '),
];
const POD_LOG = '/var/log/pods/shop_api-7d9c4_1f2e/api/0.log';

function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? (m[2] as string));
}

describe("the README's examples of investigating a file and a Kubernetes log", () => {
  it('print what the README says they print', () => {
    const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
    const appLog = blocks.find((b) => b[1] === '' && b[2]?.startsWith('2026-') === true)?.[2];
    assert.ok(appLog !== undefined, 'the README shows app.log');
    writeFileSync(join(dir, 'app.log'), appLog);
    const podLog = join(dir, POD_LOG);
    mkdirSync(join(podLog, '..'), { recursive: true });
    writeFileSync(podLog, `${CRI.join('\n')}\n`);

    const examples = blocks
      .filter((b) => b[1] === 'console')
      .flatMap((b) => (b[2] as string).split(/^(?=\$ )/m))
      .map((part) => {
        const [command = '', ...output] = part.trimEnd().split('\n');
        return { command: command.slice(2), output: output.join('\n') };
      })
      .filter((e) => !e.command.startsWith('logstream view'));
    assert.ok(examples.length >= 7, `${examples.length} examples found`);
    for (const { command, output } of examples) {
      const piped = command.startsWith('kubectl logs --timestamps deploy/api | ');
      const args = shellWords(piped ? command.slice(command.indexOf('| ') + 2) : command)
        .slice(1)
        .map((a) => (a === 'app.log' ? join(dir, 'app.log') : a === POD_LOG ? podLog : a));
      const r = spawnSync(process.execPath, [CLI, ...args], {
        input: piped ? `${KUBECTL.join('\n')}\n` : '',
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal((r.stdout + r.stderr).trimEnd(), output, command);
    }
  });
});
