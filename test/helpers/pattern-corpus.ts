import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom, type Random } from '../../src/core/random.js';

/** One message with the template it was made from (its true group). */
export interface LabelledMessage {
  message: string;
  template: string;
}

/** The folder of template files: one system per file, one template per line, `{kind}` for a value. */
export const CORPUS_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'patterns',
);

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const hex = (r: Random, digits: number): string => {
  let s = '';
  for (let i = 0; i < digits; i++) s += '0123456789abcdef'[r.int(0, 15)];
  return s;
};
const ip = (r: Random): string =>
  `${r.pick([10, 172, 192, 203, 183, 218, 61])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;

const USERS = [
  'root',
  'admin',
  'test',
  'oracle',
  'guest',
  'ubuntu',
  'postgres',
  'git',
  'nagios',
  'www',
  'ftpuser',
  'support',
  'pi',
  'deploy',
  'jenkins',
  'mysql',
  'user',
  'alice',
  'bob',
  'hadoop',
  'curi',
  'yarn',
  'fztu',
  'webmaster',
  'info',
];
const WORDS = [
  'default',
  'alpha',
  'beta',
  'backup',
  'primary',
  'mobile',
  'wifi',
  'battery',
  'clock',
  'volume',
  'sync',
  'direct',
  'office',
  'home',
  'secure',
  'fallback',
];
const HOSTS = [
  'localhost',
  'mail.example.com',
  'www.google.com',
  'proxy.corp.example.net',
  'ns1.example.org',
  'mesos-master-1',
  'ip-10-0-1-23.ec2.internal',
  'web01',
  'MININT-FNANLI5.fareast.corp.microsoft.com',
  'host-62-210-118-135.customer.net',
  'dsl.dynamic.163data.com.cn',
  'gateway',
  'node-12.cluster.local',
  'a23-54-12-5.deploy.static.akamaitechnologies.com',
  'unknown',
];
const PKGS = [
  'com.android.systemui',
  'com.tencent.mm',
  'com.android.phone',
  'com.huawei.health',
  'com.google.android.gms',
  'com.android.settings',
  'com.whatsapp',
  'com.android.launcher3',
  'com.sina.weibo',
];
const CLASSES = [
  '.MainActivity',
  '.service.PushService',
  'com.android.server.BootReceiver',
  '.ui.LauncherUI',
  '.WakeupReceiver',
  '.sync.SyncAdapterService',
  '.core.CoreService',
];
const WAKELOCKS = [
  '*alarm*',
  'NlpWakeLock',
  'WindowManager',
  'RILJ',
  'AudioMix',
  'GCM_CONN_ALARM',
  'SyncLoopWakeLock',
  'LocationManagerService',
  'NetworkStats',
];
const WEB = [
  '/var/www/html/robots.txt',
  '/var/www/html/favicon.ico',
  '/usr/local/apache/htdocs/cgi-bin/awstats.pl',
  '/var/www/html/phpmyadmin/index.php',
  '/srv/www/htdocs/wp-login.php',
  '/var/www/html/sumthin',
  '/var/www/html/_vti_bin/owssvr.dll',
  '/var/www/html/scripts/..%5c../winnt/system32/cmd.exe',
];
const STATES = [
  'NEW',
  'INITED',
  'SETUP',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'KILLED',
  'UNASSIGNED',
  'ASSIGNED',
  'SCHEDULED',
  'COMMIT_PENDING',
  'SUCCESS_CONTAINER_CLEANUP',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const PROCS = ['httpd', 'java', 'mysqld', 'sshd', 'crond', 'xfs', 'gpm', 'named'];
const UNITS = ['B', 'KB', 'MB', 'GB'];

/** How each `{kind}` of the template files draws a value. */
const VALUES: Record<string, (r: Random) => string> = {
  small: (r) => String(r.int(0, 40)),
  int: (r) => String(Math.floor(r.logNormal(7, 2.5))),
  size: (r) => String(r.pick([67108864, r.int(1, 67108864), r.int(100, 99999)])),
  port: (r) => String(r.int(1024, 65535)),
  pid: (r) => String(r.int(100, 32767)),
  ip,
  blk: (r) => `blk_${r.chance(0.5) ? '-' : ''}${r.int(1e8, 9e8)}${r.int(1e9, 9e9)}`,
  blklist: (r) => Array.from({ length: r.int(1, 8) }, () => VALUES.blk!(r)).join(' '),
  hexaddr: (r) => `0x${hex(r, r.pick([8, 8, 16, 5]))}`,
  hex7: (r) => hex(r, 7),
  hex8: (r) => hex(r, 8),
  hex16: (r) => hex(r, 16),
  uuid: (r) => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`,
  b64: (r) =>
    Array.from(
      { length: 43 },
      () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[r.int(0, 63)],
    ).join(''),
  user: (r) => r.pick(USERS),
  userlist: (r) => Array.from({ length: r.int(1, 3) }, () => r.pick(USERS)).join(','),
  word: (r) => r.pick(WORDS),
  hostname: (r) =>
    r.chance(0.5) ? r.pick(HOSTS) : `${r.int(1, 254)}.${r.int(1, 254)}.broad.bx.ln.dynamic.163data.com.cn`,
  opthost: (r) => (r.chance(0.6) ? '' : VALUES.hostname!(r)),
  hostport: (r) => `${r.pick(HOSTS)}:${r.pick([80, 443, 5070, 8080, r.int(1024, 65535)])}`,
  proxy: (r) => `${r.pick(['proxy.corp.example.net', 'proxy.example.org', ip(r)])}:${r.pick([5070, 1080, 3128])}`,
  lifetime: (r) =>
    r.pick([
      '<1 sec',
      `00:${pad(r.int(1, 59), 2)}`,
      `${pad(r.int(0, 5), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}`,
    ]),
  sizenote: (r) => (r.chance(0.5) ? '' : ` (${VALUES.sizeunit!(r)})`),
  hex32: (r) => hex(r, 32),
  serverpath: (r) => (r.chance(0.7) ? 'detail' : VALUES.uuid!(r)),
  hex40: (r) => hex(r, 40),
  httpstatus: (r) => r.pick(['200', '404']),
  isodate: (r) => `2017-05-${pad(r.int(1, 28), 2)}`,
  date8: (r) => `201712${pad(r.int(1, 31), 2)}`,
  epoch: (r) => String(r.int(1514038000000, 1514999999999)),
  sizeunit: (r) => `${(r.next() * 900).toFixed(1)} ${r.pick(UNITS)}`,
  float: (r) => (r.next() * r.pick([1, 100, 10000])).toFixed(r.pick([1, 2, 3])),
  pkg: (r) => r.pick(PKGS),
  cls: (r) => r.pick(CLASSES),
  uid: (r) => `u0a${r.int(10, 300)}`,
  wakelock: (r) => r.pick(WAKELOCKS),
  bool: (r) => r.pick(['true', 'false']),
  prop: (r) =>
    r.pick(['persist.sys.usb.config', 'ro.build.version.emui', 'sys.usb.ffs.ready', 'ro.config.hw_quickpoweron']),
  webfile: (r) => r.pick(WEB),
  webdir: (r) => r.pick(['/var/www/html/', '/var/www/html/icons/', '/srv/www/htdocs/']),
  cgi: (r) => r.pick(['/var/www/cgi-bin/awstats', '/var/www/cgi-bin/test-cgi', '/usr/lib/cgi-bin/php']),
  url: (r) => `http://${r.pick(HOSTS)}/${r.pick(['index.html', 'login', 'wp-admin/'])}`,
  version: (r) => `${r.int(1, 3)}.${r.int(0, 9)}.${r.int(0, 60)}`,
  mon: (r) => r.pick(MONTHS),
  weekday: (r) => r.pick(DAYS),
  day: (r) => String(r.int(1, 28)),
  year: (r) => String(r.int(2004, 2017)),
  clock: (r) => `${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}`,
  proc: (r) => r.pick(PROCS),
  kver: (r) => `2.6.${r.int(5, 18)}-1.${r.int(100, 400)}`,
  kexlist: (r) => r.pick(['diffie-hellman-group14-sha1,diffie-hellman-group1-sha1', 'diffie-hellman-group1-sha1']),
  appid: (r) => `${r.int(1445000000, 1449999999)}${r.int(100, 999)}_${pad(r.int(1, 40), 4)}`,
  seq6: (r) => pad(r.int(0, 30), 6),
  seq2: (r) => pad(r.int(1, 3), 2),
  state: (r) => r.pick(STATES),
  rddblock: (r) =>
    r.chance(0.5)
      ? `rdd_${r.int(0, 40)}_${r.int(0, 40)}`
      : `broadcast_${r.int(0, 40)}${r.chance(0.3) ? '_piece0' : ''}`,
  hdfsfile: (r) => `pjhe/test/${r.int(1, 9)}/part-${pad(r.int(0, 99), 5)}`,
  hdfspath: (r) =>
    `/user/root/rand${r.int(1, 9)}/_temporary/_task_200811092030_0002_m_${pad(r.int(0, 1500), 6)}_0/part-${pad(r.int(0, 1500), 5)}`,
  dnpath: (r) => `/mnt/hadoop/dfs/data/current/subdir${r.int(0, 63)}/blk_${r.int(1e8, 9e8)}${r.int(1e9, 9e9)}`,
  session: (r) => `${r.int(30546173, 30546999)}_${r.int(1000000000, 4294967295)}`,
  winver: (r) => `6.1.7601.${r.int(17514, 23505)}`,
  winpkg: (r) => `Package_for_KB${r.int(2479943, 3192392)}~31bf3856ad364e35~amd64~~6.1.${r.int(1, 4)}.${r.int(0, 9)}`,
  zkpath: (r) => `/${r.pick(['hbase', 'consumers', 'brokers'])}/${r.pick(['ids', 'topics', 'table'])}/${r.int(0, 99)}`,
  zkop: (r) => r.pick(['create', 'delete', 'setData', 'multi']),
  bglpath: (r) => `/p/gb1/stella/RAPTOR/${r.int(2000, 2300)}/raptor`,
  bglloc: (r) =>
    `R${pad(r.int(0, 77), 2)}-M${r.int(0, 1)}-N${r.int(0, 15)}-C:J${pad(r.int(2, 17), 2)}-U${r.int(0, 1)}${r.int(0, 1)}`,
};

/** A template line with its values filled in; `{{` and `}}` are literal braces. */
function render(template: string, r: Random): string {
  return template.replace(/\{\{|\}\}|\{([a-z0-9]+)\}/g, (m, kind: string | undefined) => {
    if (kind === undefined) return m[0] as string;
    const draw = VALUES[kind];
    if (draw === undefined) throw new Error(`unknown value kind {${kind}}`);
    return draw(r);
  });
}

/** The true template: every value a `<*>`. */
function truth(template: string): string {
  return template.replace(/\{\{|\}\}|\{([a-z0-9]+)\}/g, (m, kind: string | undefined) =>
    kind === undefined ? (m[0] as string) : '<*>',
  );
}

/** The template lines of one system's file. */
export function corpusTemplates(system: string): string[] {
  return readFileSync(join(CORPUS_DIR, `${system}.txt`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

/** The systems that have a template file. */
export function corpusSystems(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4))
    .sort();
}

/**
 * `count` messages of one system, seeded. Templates are drawn with skewed weights (a few are
 * frequent, most are rare), as in real logs; every template appears at least once.
 */
export function corpusMessages(system: string, count = 2000, seed: string | number = system): LabelledMessage[] {
  const r = createRandom(seed);
  const templates = corpusTemplates(system);
  const weights = templates.map(() => r.logNormal(0, 1.5));
  const out: LabelledMessage[] = templates.map((t) => ({ message: render(t, r), template: truth(t) }));
  while (out.length < count) {
    const t = r.weighted(templates.map((value, i) => ({ value, weight: weights[i] as number })));
    out.push({ message: render(t, r), template: truth(t) });
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [out[i], out[j]] = [out[j] as LabelledMessage, out[i] as LabelledMessage];
  }
  return out;
}
