import crypto from 'node:crypto';
import fs from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { ConfigError } from './config-error';
import type { TemporalSecurity } from './temporal-security';

/** What Connection.connect, Connection.lazy and NativeConnection.connect all take. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

type PemRead = { ok: true; pem: Buffer } | { ok: false; issue: string };

function readFile(variable: string, file: string): PemRead {
  try {
    return { ok: true, pem: fs.readFileSync(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { ok: false, issue: `${variable}: cannot read ${file} (${code})` };
  }
}

// The issues name the file and never quote it: a key file's bytes are a secret.
function readCertificate(variable: string, file: string): PemRead & { certificate?: crypto.X509Certificate } {
  const read = readFile(variable, file);
  if (!read.ok) return read;
  try {
    if (!read.pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no certificate block');
    return { ...read, certificate: new crypto.X509Certificate(read.pem) };
  } catch {
    return {
      ok: false,
      issue: `${variable}: ${file} is not a PEM certificate (-----BEGIN CERTIFICATE-----)`,
    };
  }
}

function readPrivateKey(variable: string, file: string): PemRead & { key?: crypto.KeyObject } {
  const read = readFile(variable, file);
  if (!read.ok) return read;
  const text = read.pem.toString('latin1');
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(text))
    return {
      ok: false,
      issue: `${variable}: ${file} is encrypted; the Temporal SDK needs an unencrypted key`,
    };
  try {
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) throw new Error('no key block');
    return { ...read, key: crypto.createPrivateKey({ key: read.pem, format: 'pem' }) };
  } catch {
    return {
      ok: false,
      issue: `${variable}: ${file} is not a PEM private key (-----BEGIN PRIVATE KEY-----)`,
    };
  }
}

function clientCertPair(
  tls: NonNullable<TemporalSecurity['tls']>,
  issues: string[],
): TLSConfig['clientCertPair'] {
  if (!tls.certFile || !tls.keyFile) return undefined;
  const cert = readCertificate('TEMPORAL_TLS_CERT', tls.certFile);
  const key = readPrivateKey('TEMPORAL_TLS_KEY', tls.keyFile);
  if (!cert.ok) issues.push(cert.issue);
  if (!key.ok) issues.push(key.issue);
  if (!cert.ok || !key.ok) return undefined;
  if (cert.certificate && key.key && !cert.certificate.checkPrivateKey(key.key)) {
    issues.push(
      `TEMPORAL_TLS_KEY: ${tls.keyFile} is not the key of the certificate in TEMPORAL_TLS_CERT (${tls.certFile})`,
    );
    return undefined;
  }
  return { crt: cert.pem, key: key.pem };
}

/**
 * The one place where opad's processes turn settings into SDK connection options: the API, the worker, its
 * activities' client and the CLI. It reads the PEM files now, so a bad one stops start-up with a ConfigError
 * naming the variable, not a TLS failure minutes later.
 */
export function temporalConnectionOptions(
  settings: TemporalSecurity & { address: string },
): TemporalConnectionOptions {
  const { address, tls, apiKey } = settings;
  if (!tls) {
    if (apiKey) throw ConfigError.of(['TEMPORAL_API_KEY: an API key is sent only over TLS']);
    return { address };
  }
  const issues: string[] = [];
  let serverRootCACertificate: Buffer | undefined;
  if (tls.caFile) {
    const ca = readCertificate('TEMPORAL_TLS_CA', tls.caFile);
    if (ca.ok) serverRootCACertificate = ca.pem;
    else issues.push(ca.issue);
  }
  const pair = clientCertPair(tls, issues);
  if (issues.length > 0) throw ConfigError.of(issues);
  const tlsConfig: TLSConfig = {
    ...(serverRootCACertificate && { serverRootCACertificate }),
    ...(pair && { clientCertPair: pair }),
    ...(tls.serverName && { serverNameOverride: tls.serverName }),
  };
  return { address, tls: tlsConfig, ...(apiKey && { apiKey }) };
}
