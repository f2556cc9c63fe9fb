#!/usr/bin/env node
// Runs the compiled tests with Node's own test runner. Files are listed explicitly because
// `node --test DIR` means different things on Node 20 (directory walk) and 22+ (glob).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describeMissing, missingPrerequisites } from './check-prereqs.mjs';

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
// --cluster: the end-to-end files that use Redis, each against a fresh 3+3 Redis Cluster
// (LOGSTREAM_TEST_REDIS=cluster, see test/helpers/redis-server.ts).
const clusterPass = args.includes('--cluster');
const filters = args.filter((a) => !a.startsWith('--'));
const roots = unitOnly ? ['dist/src'] : ['dist/src', 'dist/test'];

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

// Missing programs fail whole groups of tests far from the cause: say so first. A filtered run
// may not need them all, so it only warns.
const missing = missingPrerequisites();
if (missing.length > 0) {
  console.error(describeMissing(missing));
  if (filters.length === 0) process.exit(2);
  console.error('(running the selected tests anyway)');
}

let files = roots.flatMap((r) => walk(r, [])).sort();
if (filters.length > 0) files = files.filter((f) => filters.some((x) => f.includes(x)));
const usesRedis = (f) => f.endsWith('.e2e.test.js') && /\bstartRedis(Server|Cluster)\b/.test(readFileSync(f, 'utf8'));
if (clusterPass) files = files.filter(usesRedis);
if (files.length === 0) {
  console.error('no test files found: run `npm run build:all` first');
  process.exit(1);
}
const run = (list, cluster) =>
  spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...list], {
    stdio: 'inherit',
    env: cluster ? { ...process.env, LOGSTREAM_TEST_REDIS: 'cluster' } : process.env,
  }).status ?? 1;
let status = run(files, clusterPass);
// The whole run passes the Redis end-to-end files a second time, on clusters, when asked
// (LOGSTREAM_TEST_CLUSTER=1, which .ci/run sets): that pass takes longer than the rest.
if (status === 0 && !clusterPass && !unitOnly && filters.length === 0 && process.env.LOGSTREAM_TEST_CLUSTER === '1') {
  console.log('# the end-to-end files that use Redis, again, each on a 3+3 Redis Cluster');
  status = run(files.filter(usesRedis), true);
}
process.exit(status);
