import net from 'node:net';
import tls from 'node:tls';
import type { TemporalConnectionOptions } from './temporal-connection';

/** The HTTP/2 client preface and an empty SETTINGS frame: a gRPC server answers with its own SETTINGS. */
const HTTP2_PREFACE = Buffer.concat([
  Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
  Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]),
]);

/** OpenSSL's alerts in words a person can act on; any other failure (a wrong name, an unknown CA) as it is. */
function reasonOf(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED')
    return 'the server requires a client certificate: set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY';
  if (code === 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE' || code === 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA')
    return 'the server does not accept the client certificate in TEMPORAL_TLS_CERT (is it signed by a CA the server trusts?)';
  return error.message;
}

/**
 * Why the server refuses a TLS connection made with these options, or undefined when it accepts one.
 *
 * The SDKs say little when TLS fails: the gRPC client only "Failed to connect before the deadline", the worker's
 * core sometimes just "broken pipe". This handshake, with the very same CA, client certificate and server name,
 * says why: a wrong server name, an unknown CA, a missing or refused client certificate. Under TLS 1.3 a server
 * checks the client certificate after the client's side of the handshake is done, so the probe waits for the
 * server's first HTTP/2 frame, which comes only once the server has accepted it.
 */
export function tlsRefusal(
  options: TemporalConnectionOptions,
  timeoutMs = 5_000,
): Promise<string | undefined> {
  const colon = options.address.lastIndexOf(':');
  const host = options.address.slice(0, colon);
  const port = Number(options.address.slice(colon + 1));
  const settings = options.tls ?? {};
  const serverName = settings.serverNameOverride ?? host;
  return new Promise((resolve) => {
    const socket = tls.connect({
      host,
      port,
      // An IP address is checked against the certificate all the same, but is not allowed as SNI.
      servername: net.isIP(serverName) ? undefined : serverName,
      checkServerIdentity: (_host, certificate) => tls.checkServerIdentity(serverName, certificate),
      ca: settings.serverRootCACertificate ? [Buffer.from(settings.serverRootCACertificate)] : undefined,
      cert: settings.clientCertPair ? Buffer.from(settings.clientCertPair.crt) : undefined,
      key: settings.clientCertPair ? Buffer.from(settings.clientCertPair.key) : undefined,
      ALPNProtocols: ['h2'],
    });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no TLS answer within ${Math.round(timeoutMs / 1000)} s`)),
    );
    let handshakeDone = false;
    socket.once('secureConnect', () => {
      handshakeDone = true;
      socket.write(HTTP2_PREFACE);
    });
    socket.once('data', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error) => resolve(reasonOf(error)));
    socket.once('close', () =>
      resolve(
        handshakeDone
          ? 'the server closed the connection after the TLS handshake (does it want another client certificate?)'
          : 'the server closed the connection during the TLS handshake (does it speak TLS?)',
      ),
    );
  });
}
