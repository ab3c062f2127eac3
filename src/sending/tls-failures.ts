import { CLOSED_AFTER_CLIENT_CERTIFICATE } from './tls-alerts';

/**
 * A TLS failure in the words a lab person can act on, from the error code Node (OpenSSL) gives.
 * `clientCertificate`: whether one was presented, which tells "none configured" from "rejected"
 * when the receiver ends the handshake over it. Null when the code is not a TLS failure.
 */
export function describeTlsFailure(code: string, clientCertificate: boolean): string | null {
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT') return "receiver's certificate is not trusted (self-signed)";
  // A chain ending in a root we do not trust: a private CA not given in `caCertificates`.
  if (
    code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
  )
    return "receiver's certificate is not trusted (unknown CA)";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return "hostname mismatch: the receiver's certificate is for another name";
  if (code === 'CERT_HAS_EXPIRED') return "receiver's certificate has expired";
  if (code === 'CERT_NOT_YET_VALID') return "receiver's certificate is not yet valid";
  if (code === 'CERT_REVOKED') return "receiver's certificate is revoked";
  // Alerts the receiver sends when it refuses our side of the handshake.
  if (
    /^ERR_SSL_.*ALERT_(CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|DECRYPT_ERROR|ACCESS_DENIED|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|UNSUPPORTED_CERTIFICATE)$/.test(
      code,
    )
  ) {
    if (!clientCertificate) return 'receiver asked for a client certificate and none is configured';
    if (code.endsWith('CERTIFICATE_EXPIRED')) return 'client certificate rejected by the receiver (expired)';
    return `client certificate rejected by the receiver (${alertName(code)})`;
  }
  if (code === CLOSED_AFTER_CLIENT_CERTIFICATE)
    return 'client certificate rejected by the receiver (it closed the connection after the handshake)';
  if (/CERT|TLS|SSL/i.test(code)) return `TLS error (${code})`;
  return null;
}

/** `ERR_SSL_TLSV1_ALERT_UNKNOWN_CA` → `unknown CA`. */
function alertName(code: string): string {
  const name = code
    .replace(/^.*ALERT_/, '')
    .toLowerCase()
    .replace(/_/g, ' ');
  return name.replace(/\bca\b/, 'CA');
}
