#!/usr/bin/env node
// Checks that the programs the tests start or call are installed, before any test runs: a
// missing one would otherwise show up as dozens of failures far from the cause. Prints what is
// missing with the Debian command that installs it, and exits 2. `.ci/run` installs them all.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the tests need: a check, the Debian package, and why. */
export const PREREQUISITES = [
  {
    what: 'redis-server',
    pkg: 'redis-server',
    why: 'the broker every Redis test starts',
    check: ['redis-server', '--version'],
  },
  { what: 'redis-cli', pkg: 'redis-tools', why: 'test helpers query the broker', check: ['redis-cli', '--version'] },
  {
    what: 'redis-benchmark',
    pkg: 'redis-tools',
    why: 'gap tests and the bench smoke run flood the broker',
    check: ['redis-benchmark', '--version'],
  },
  { what: 'tmux', pkg: 'tmux', why: 'the TUI tests run in a real terminal', check: ['tmux', '-V'] },
  {
    what: 'python3 fluent-logger',
    pkg: 'python3-fluent-logger',
    why: 'a real Fluentd forward client',
    check: ['/usr/bin/python3', '-c', 'import fluent.sender'],
  },
  { what: 'curl', pkg: 'curl', why: 'a real HTTP client for ingest', check: ['curl', '--version'] },
  { what: 'openssl', pkg: 'openssl', why: 'certificates for the TLS tests', check: ['openssl', 'version'] },
  { what: 'pgrep', pkg: 'procps', why: 'finds the TUI process a test sends signals to', check: ['pgrep', '-V'] },
  {
    what: 'logger',
    pkg: 'bsdutils',
    why: 'the formats corpus sends real syslog messages',
    check: ['/bin/sh', '-c', 'command -v logger || test -x /usr/bin/logger'],
  },
  // Debian puts nginx in /usr/sbin (off a user's PATH) and PostgreSQL's server in a versioned directory.
  {
    what: 'nginx',
    pkg: 'nginx',
    why: 'the formats corpus reads its access and error logs',
    check: ['/bin/sh', '-c', 'command -v nginx || test -x /usr/sbin/nginx'],
  },
  {
    what: 'postgres, psql',
    pkg: 'postgresql',
    why: 'the formats corpus reads the log of a throw-away cluster',
    check: ['/bin/sh', '-c', 'for f in /usr/lib/postgresql/*/bin/initdb; do test -x "$f" && exit 0; done; exit 1'],
  },
];

/** True when the command runs and exits 0. */
function works([cmd, ...args]) {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 10_000 });
  return r.error === undefined && r.status === 0;
}

/** The prerequisites that are not there. */
export function missingPrerequisites(run = works) {
  return PREREQUISITES.filter((p) => !run(p.check));
}

/** The message for what is missing: one line each, then the install command. */
export function describeMissing(missing) {
  const pkgs = [...new Set(missing.map((p) => p.pkg))];
  return [
    'npm test needs programs that are not installed:',
    ...missing.map((p) => `  ${p.what.padEnd(22)} (${p.pkg}): ${p.why}`),
    'On Debian or Ubuntu:',
    `  sudo apt-get install -y ${pkgs.join(' ')}`,
    '(or run .ci/run, which installs them and runs the tests)',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    process.stderr.write(`${describeMissing(missing)}\n`);
    process.exit(2);
  }
}
