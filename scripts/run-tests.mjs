#!/usr/bin/env node
// Runs the compiled tests with Node's own test runner. Files are listed explicitly because
// `node --test DIR` means different things on Node 20 (directory walk) and 22+ (glob).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describeMissing, missingPrerequisites } from './check-prereqs.mjs';

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
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
if (files.length === 0) {
  console.error('no test files found: run `npm run build:all` first');
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(res.status ?? 1);
