import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** PEM files made by the openssl CLI: one CA, a server certificate for this machine, a client it signed. */
export interface TestCertificates {
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A P-256 key: quick to make, and accepted by Go (the server), rustls (the worker) and Node (the client). */
function makeKey(dir: string, name: string): string {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`], dir);
  return path.join(dir, `${name}.key`);
}

/** A CA of its own, so that tests can show a certificate from one CA refused by a server trusting another. */
export function makeCertificateAuthority(dir: string, name = 'ca'): { certFile: string; keyFile: string } {
  fs.mkdirSync(dir, { recursive: true });
  const keyFile = makeKey(dir, name);
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      keyFile,
      '-subj',
      `/CN=opad test ${name}`,
      '-days',
      '2',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
  return { certFile: path.join(dir, `${name}.crt`), keyFile };
}

/** A leaf certificate signed by the CA; `usage` is its extended key usage, e.g. `serverAuth,clientAuth`. */
export function signCertificate(
  ca: { certFile: string; keyFile: string },
  dir: string,
  name: string,
  options: { commonName: string; usage: string; altNames?: string[] },
): { certFile: string; keyFile: string } {
  const keyFile = makeKey(dir, name);
  openssl(['req', '-new', '-key', keyFile, '-subj', `/CN=${options.commonName}`, '-out', `${name}.csr`], dir);
  const extensions = [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature',
    `extendedKeyUsage=${options.usage}`,
    ...(options.altNames ? [`subjectAltName=${options.altNames.join(',')}`] : []),
  ];
  fs.writeFileSync(path.join(dir, `${name}.ext`), `${extensions.join('\n')}\n`);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      ca.certFile,
      '-CAkey',
      ca.keyFile,
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
  return { certFile: path.join(dir, `${name}.crt`), keyFile };
}

/** Everything a mutual-TLS test needs, in `dir`. */
export function makeTestCertificates(dir: string): TestCertificates {
  const ca = makeCertificateAuthority(dir);
  // The server's own internal clients (its system worker) present this certificate to its frontend too.
  const server = signCertificate(ca, dir, 'server', {
    commonName: 'localhost',
    usage: 'serverAuth,clientAuth',
    altNames: ['DNS:localhost', 'IP:127.0.0.1'],
  });
  const client = signCertificate(ca, dir, 'client', { commonName: 'opad worker', usage: 'clientAuth' });
  return {
    caFile: ca.certFile,
    serverCertFile: server.certFile,
    serverKeyFile: server.keyFile,
    clientCertFile: client.certFile,
    clientKeyFile: client.keyFile,
  };
}
