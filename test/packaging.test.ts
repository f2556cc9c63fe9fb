import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { runCli } from './helpers/cli.js';
import { startRedisServer } from './helpers/redis-server.js';

// `docker compose config` and `devcontainer build` are not at hand in CI: these read the
// container files and check that what they name exists and agrees with the code.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string[];
  ports?: string[];
  depends_on?: string[] | Record<string, unknown>;
  healthcheck?: { test?: string[] | string };
  profiles?: string[];
}
type ComposeFile = { services: Record<string, Service> };

const compose = parse(read('compose.yaml')) as ComposeFile;
const services = Object.entries(compose.services);
const pkg = JSON.parse(read('package.json')) as {
  bin: { logstream: string };
  files: string[];
  scripts: Record<string, string>;
};
const buildConfig = JSON.parse(read('tsconfig.build.json')) as { compilerOptions: { outDir: string } };

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(path: string): { op: string; args: string }[] {
  return read(path)
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

/** The default ports `logstream ingest --help` states. */
async function ingestPorts(): Promise<{ forward: number; http: number }> {
  const help = (await runCli(['ingest', '--help'])).stdout.replace(/\s+/g, ' ');
  const port = (flag: string): number =>
    Number(new RegExp(`${flag} \\[addr\\] [^-]*?default [\\d.]+:(\\d+)`).exec(help)?.[1]);
  return { forward: port('--forward'), http: port('--http') };
}

function dependencies(s: Service): string[] {
  return Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
}

describe('compose.yaml', () => {
  it('runs every LogStream service from the one logstream image, built once', () => {
    for (const [name, s] of services)
      assert.ok(s.image === 'logstream' || /^redis(:|$)/.test(s.image ?? ''), `${name}: image ${s.image}`);
    const built = services.filter(([, s]) => s.build !== undefined);
    assert.equal(built.length, 1, 'one service builds the image');
    assert.equal(built[0]![1].image, 'logstream');
    assert.ok(
      ['.', './'].includes(
        typeof built[0]![1].build === 'string' ? built[0]![1].build : (built[0]![1].build?.context ?? ''),
      ),
    );
  });

  it('names only services it defines in depends_on', () => {
    for (const [name, s] of services)
      for (const d of dependencies(s)) assert.ok(d in compose.services, `${name} depends on ${d}`);
  });

  it('has a healthcheck on every service it starts, redis-cli ping for Redis', () => {
    for (const [name, s] of services.filter(([, s]) => s.profiles === undefined))
      assert.ok(s.healthcheck?.test !== undefined, `${name} has no healthcheck`);
    assert.deepEqual(compose.services.redis?.healthcheck?.test, ['CMD', 'redis-cli', 'ping']);
  });

  it('runs the ingest receivers on the ports the command defaults to, published on loopback', async () => {
    const { forward, http } = await ingestPorts();
    assert.ok(forward > 0 && http > 0, 'ingest --help states both default ports');
    const ingest = compose.services.ingest;
    assert.ok(ingest !== undefined, 'an ingest service');
    const command = (ingest.command ?? []).join(' ');
    assert.match(command, new RegExp(`--forward 0\\.0\\.0\\.0:${forward}\\b`));
    assert.match(command, new RegExp(`--http 0\\.0\\.0\\.0:${http}\\b`));
    assert.deepEqual(
      [...(ingest.ports ?? [])].sort(),
      [`127.0.0.1:${forward}:${forward}`, `127.0.0.1:${http}:${http}`].sort(),
    );
    assert.ok(
      JSON.stringify(ingest.healthcheck?.test).includes(`:${http}/healthz`),
      'the ingest healthcheck asks its HTTP health endpoint',
    );
  });

  it('starts a Redis whose pubsub output buffer limit is raised', async () => {
    const command = compose.services.redis?.command ?? [];
    assert.equal(command[0], 'redis-server');
    const redis = await startRedisServer({ args: command.slice(1) });
    try {
      assert.match(await redis.cli('CONFIG', 'GET', 'client-output-buffer-limit'), /pubsub 268435456 134217728 60/);
    } finally {
      await redis.stop();
    }
  });
});

describe('the Dockerfile', () => {
  const steps = instructions('Dockerfile');

  it('copies only files that exist into the build', () => {
    for (const { args } of steps.filter((s) => s.op === 'COPY' && !s.args.includes('--from='))) {
      const sources = args
        .split(/\s+/)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1);
      for (const src of sources) assert.ok(existsSync(join(ROOT, src)), `COPY ${src}`);
    }
  });

  it('builds with the build tsconfig and runs what the package runs, as a non-root user', () => {
    const runs = steps
      .filter((s) => s.op === 'RUN')
      .map((s) => s.args)
      .join('\n');
    assert.ok(
      runs.includes('tsconfig.build.json') ||
        (runs.includes('npm run build') && pkg.scripts.build?.includes('tsconfig.build.json')),
      runs,
    );
    assert.ok(
      steps.some((s) => s.op === 'COPY' && s.args.includes(`/app/${buildConfig.compilerOptions.outDir} `)),
      'the runtime stage takes the build output',
    );
    const entry = JSON.parse(steps.find((s) => s.op === 'ENTRYPOINT')?.args ?? '[]') as string[];
    assert.deepEqual(entry, ['node', pkg.bin.logstream]);
    const user = steps.filter((s) => s.op === 'USER').at(-1)?.args;
    assert.ok(user !== undefined && !['root', '0'].includes(user), `USER ${user}`);
  });

  it('exposes the ingest ports', async () => {
    const { forward, http } = await ingestPorts();
    const exposed = steps.filter((s) => s.op === 'EXPOSE').flatMap((s) => s.args.split(/\s+/));
    assert.ok(exposed.includes(String(forward)) && exposed.includes(String(http)), `EXPOSE ${exposed.join(' ')}`);
  });
});

describe('the dev container', () => {
  const config = JSON.parse(read('.devcontainer/devcontainer.json')) as {
    dockerComposeFile: string;
    service: string;
    runServices?: string[];
  };
  const composePath = join('.devcontainer', config.dockerComposeFile);

  it('names a compose file, services and a Dockerfile that exist', () => {
    assert.ok(existsSync(join(ROOT, composePath)), composePath);
    const devCompose = parse(read(composePath)) as ComposeFile;
    for (const name of [config.service, ...(config.runServices ?? [])])
      assert.ok(name in devCompose.services, `service ${name}`);
    for (const [name, s] of Object.entries(devCompose.services))
      for (const d of dependencies(s)) assert.ok(d in devCompose.services, `${name} depends on ${d}`);
    const build = devCompose.services[config.service]?.build;
    assert.ok(typeof build === 'object', 'the dev service is built from a Dockerfile');
    const context = join(ROOT, dirname(composePath), build.context ?? '.');
    assert.ok(existsSync(join(context, build.dockerfile ?? 'Dockerfile')), `${build.dockerfile} in ${context}`);
  });

  it('installs every program the tests need', () => {
    const wanted = [...read('scripts/check-prereqs.mjs').matchAll(/pkg: '([^']+)'/g)].map((m) => m[1]!);
    assert.ok(wanted.length > 0);
    const runs = instructions('.devcontainer/Dockerfile')
      .filter((s) => s.op === 'RUN')
      .map((s) => s.args)
      .join(' ');
    for (const p of wanted) assert.match(runs, new RegExp(`apt-get install[^&]*\\s${p}(\\s|$)`), p);
    const ci = read('.ci/run');
    for (const p of wanted) assert.ok(ci.includes(`need+=(${p})`), `.ci/run installs ${p}`);
  });
});

describe('the npm package', () => {
  it('holds src/ compiled, and no test, fixture or contract suite', () => {
    // `npm pack` runs `prepare`, which builds the package with tsconfig.build.json first.
    const out = execFileSync('npm', ['pack', '--dry-run', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    assert.ok(files.includes(pkg.bin.logstream), `the bin ${pkg.bin.logstream} is packed`);
    assert.match(read(pkg.bin.logstream), /^#!\/usr\/bin\/env node\n/);
    const outDir = buildConfig.compilerOptions.outDir;
    assert.deepEqual(
      files.filter((f) => !f.startsWith(`${outDir}/`) && !['package.json', 'README.md'].includes(f)),
      [],
    );
    assert.deepEqual(
      files.filter((f) => /\.test\.|(^|\/)fixtures\/|(^|\/)test-[^/]*$|(^|\/)contract\.js$|\.map$/.test(f)),
      [],
    );
    assert.deepEqual(
      files.filter((f) => f.endsWith('.js') && read(f).includes('node:test')),
      [],
    );
  });
});
