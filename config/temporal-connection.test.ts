import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeCertificateAuthority, makeTestCertificates, signCertificate } from '../test/helpers/certs';
import { makeTempDir } from '../test/helpers/tmp';
import { ConfigError } from './config-error';
import { loadConfig } from './env';
import { temporalConnectionOptions } from './temporal-connection';
import { loadTemporalSecurity } from './temporal-security';

const dir = makeTempDir('tls-settings');
const certs = makeTestCertificates(dir);
const ADDRESS = 'temporal.internal:7233';
const API_KEY = 'tmprl-key-Zq3x9VwT2mKp8LrN4sYb7HcJ1dFgA6eU';

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The connection options the API and the worker would build from this environment. */
function optionsFrom(env: Record<string, string>) {
  const config = loadConfig({ TEMPORAL_ADDRESS: ADDRESS, ...env });
  return temporalConnectionOptions({ ...config.temporal, address: ADDRESS });
}

/** The ConfigError's message, or a failure when nothing was thrown. */
function startUpError(start: () => unknown): string {
  try {
    start();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

const mutualTls = () => ({
  TEMPORAL_TLS_CA: certs.caFile,
  TEMPORAL_TLS_CERT: certs.clientCertFile,
  TEMPORAL_TLS_KEY: certs.clientKeyFile,
});

test('without TLS settings the connection is plain, as to the local dev server', () => {
  expect(optionsFrom({})).toEqual({ address: ADDRESS });
  expect(optionsFrom({ TEMPORAL_TLS: 'false' })).toEqual({ address: ADDRESS });
});

test('mutual TLS: the CA, the client certificate and its key are read into the options', () => {
  const options = optionsFrom({ ...mutualTls(), TEMPORAL_TLS_SERVER_NAME: 'localhost' });
  expect(options).toEqual({
    address: ADDRESS,
    tls: {
      serverRootCACertificate: fs.readFileSync(certs.caFile),
      clientCertPair: {
        crt: fs.readFileSync(certs.clientCertFile),
        key: fs.readFileSync(certs.clientKeyFile),
      },
      serverNameOverride: 'localhost',
    },
  });
});

test('TEMPORAL_TLS=true alone is TLS with the system CAs and no client certificate', () => {
  expect(optionsFrom({ TEMPORAL_TLS: 'true' })).toEqual({ address: ADDRESS, tls: {} });
});

test('an API key implies TLS, as Temporal Cloud requires', () => {
  expect(optionsFrom({ TEMPORAL_API_KEY: API_KEY })).toEqual({ address: ADDRESS, tls: {}, apiKey: API_KEY });
  expect(optionsFrom({ TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS_CA: certs.caFile })).toEqual({
    address: ADDRESS,
    tls: { serverRootCACertificate: fs.readFileSync(certs.caFile) },
    apiKey: API_KEY,
  });
});

test('an API key with TEMPORAL_TLS=false stops start-up, and the message does not repeat the key', () => {
  const message = startUpError(() => loadConfig({ TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS: 'false' }));
  expect(message).toContain(
    'TEMPORAL_TLS: is false, but TEMPORAL_API_KEY is set (an API key is sent only over TLS); unset one of them',
  );
  expect(message).not.toContain(API_KEY);
  expect(startUpError(() => temporalConnectionOptions({ address: ADDRESS, apiKey: API_KEY }))).toContain(
    'TEMPORAL_API_KEY: an API key is sent only over TLS',
  );
});

test('TLS files with TEMPORAL_TLS=false stop start-up', () => {
  expect(startUpError(() => loadConfig({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA: certs.caFile }))).toContain(
    'TEMPORAL_TLS: is false, but TEMPORAL_TLS_CA is set (it needs TLS)',
  );
});

test('a client certificate without its key, or a key without its certificate, names both variables', () => {
  expect(startUpError(() => loadConfig({ TEMPORAL_TLS_CERT: certs.clientCertFile }))).toContain(
    'TEMPORAL_TLS_KEY: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together',
  );
  expect(startUpError(() => loadConfig({ TEMPORAL_TLS_KEY: certs.clientKeyFile }))).toContain(
    'TEMPORAL_TLS_CERT: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together',
  );
});

test('a missing or unreadable file is named with its variable and the reason', () => {
  const missing = path.join(dir, 'missing.pem');
  expect(startUpError(() => optionsFrom({ ...mutualTls(), TEMPORAL_TLS_CERT: missing }))).toContain(
    `TEMPORAL_TLS_CERT: cannot read ${missing} (ENOENT)`,
  );
  expect(startUpError(() => optionsFrom({ TEMPORAL_TLS_CA: dir }))).toContain(
    `TEMPORAL_TLS_CA: cannot read ${dir} (EISDIR)`,
  );
});

test('every bad file is reported at once, each with its variable', () => {
  const missing = path.join(dir, 'nowhere.pem');
  const message = startUpError(() =>
    optionsFrom({ TEMPORAL_TLS_CA: missing, TEMPORAL_TLS_CERT: missing, TEMPORAL_TLS_KEY: missing }),
  );
  for (const variable of ['TEMPORAL_TLS_CA', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY'])
    expect(message).toContain(`${variable}: cannot read ${missing} (ENOENT)`);
});

test('a file that is not PEM is named, and a key file is never quoted', () => {
  const notPem = path.join(dir, 'not-pem.txt');
  fs.writeFileSync(notPem, 'just some text\n');
  expect(startUpError(() => optionsFrom({ TEMPORAL_TLS_CA: notPem }))).toContain(
    `TEMPORAL_TLS_CA: ${notPem} is not a PEM certificate`,
  );
  expect(startUpError(() => optionsFrom({ ...mutualTls(), TEMPORAL_TLS_KEY: notPem }))).toContain(
    `TEMPORAL_TLS_KEY: ${notPem} is not a PEM private key`,
  );
  // The key in place of the certificate: the message names the file, never its contents.
  const keyText = fs.readFileSync(certs.clientKeyFile, 'utf8');
  const message = startUpError(() => optionsFrom({ ...mutualTls(), TEMPORAL_TLS_CERT: certs.clientKeyFile }));
  expect(message).toContain(`TEMPORAL_TLS_CERT: ${certs.clientKeyFile} is not a PEM certificate`);
  expect(message).not.toContain(keyText.split('\n')[1]);
});

test('a key that does not belong to the client certificate is refused', () => {
  const other = signCertificate(makeCertificateAuthority(path.join(dir, 'other'), 'other-ca'), dir, 'other', {
    commonName: 'someone else',
    usage: 'clientAuth',
  });
  expect(startUpError(() => optionsFrom({ ...mutualTls(), TEMPORAL_TLS_KEY: other.keyFile }))).toContain(
    `TEMPORAL_TLS_KEY: ${other.keyFile} is not the key of the certificate in TEMPORAL_TLS_CERT (${certs.clientCertFile})`,
  );
});

test('an encrypted key is refused with the reason', () => {
  const encrypted = path.join(dir, 'encrypted.key');
  execFileSync('openssl', [
    'pkcs8',
    '-topk8',
    '-in',
    certs.clientKeyFile,
    '-out',
    encrypted,
    '-passout',
    'pass:secret',
  ]);
  expect(startUpError(() => optionsFrom({ ...mutualTls(), TEMPORAL_TLS_KEY: encrypted }))).toContain(
    `TEMPORAL_TLS_KEY: ${encrypted} is encrypted; the Temporal SDK needs an unencrypted key`,
  );
});

test('the CLI reads the same variables, and only those', () => {
  expect(
    loadTemporalSecurity({ ...mutualTls(), TEMPORAL_API_KEY: API_KEY, DATABASE_URL: 'not checked here' }),
  ).toEqual({
    tls: { caFile: certs.caFile, certFile: certs.clientCertFile, keyFile: certs.clientKeyFile },
    apiKey: API_KEY,
  });
  expect(loadTemporalSecurity({ TEMPORAL_TLS_CA: '' })).toEqual({});
  expect(() => loadTemporalSecurity({ TEMPORAL_TLS_KEY: certs.clientKeyFile })).toThrow(
    'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together',
  );
});

test('relative file paths are resolved against the working directory', () => {
  const relative = path.relative(process.cwd(), certs.caFile);
  expect(loadTemporalSecurity({ TEMPORAL_TLS_CA: relative }).tls?.caFile).toBe(certs.caFile);
});
