import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisServerTls } from './redis-server.js';

/** Paths of the PEM files in `dir`; remove `dir` when done. */
export interface TestPki {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** The files a TLS-only redis-server (or cluster node) of the tests is started with. */
export function serverTlsFiles(pki: TestPki): RedisServerTls {
  return {
    certFile: pki.serverCert,
    keyFile: pki.serverKey,
    caFile: pki.ca,
    clientCertFile: pki.clientCert,
    clientKeyFile: pki.clientKey,
  };
}

/**
 * A throw-away CA, a server certificate and a client certificate, made with openssl. The server
 * certificate names `serverNames` (subjectAltName syntax; default: 127.0.0.1 and localhost).
 */
export function makePki(serverNames = 'IP:127.0.0.1,DNS:localhost'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'logstream-pki-'));
  const at = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    '-new',
    ...ec,
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.crt'),
    '-subj',
    '/CN=logstream-test-ca',
    '-days',
    '2',
  );
  const issue = (name: string, cn: string, ext: string): void => {
    writeFileSync(at(`${name}.ext`), ext);
    openssl('req', '-new', ...ec, '-keyout', at(`${name}.key`), '-out', at(`${name}.csr`), '-subj', `/CN=${cn}`);
    openssl(
      'x509',
      '-req',
      '-in',
      at(`${name}.csr`),
      '-CA',
      at('ca.crt'),
      '-CAkey',
      at('ca.key'),
      '-CAcreateserial',
      '-out',
      at(`${name}.crt`),
      '-days',
      '2',
      '-extfile',
      at(`${name}.ext`),
    );
  };
  issue('server', 'logstream-test-server', `subjectAltName=${serverNames}\nextendedKeyUsage=serverAuth\n`);
  issue('client', 'app', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    ca: at('ca.crt'),
    serverCert: at('server.crt'),
    serverKey: at('server.key'),
    clientCert: at('client.crt'),
    clientKey: at('client.key'),
  };
}
