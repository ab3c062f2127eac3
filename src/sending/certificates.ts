import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import type { FieldProblem } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';

/** What a read shows of a client certificate (the first of its chain): never the key. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

/** Smallest RSA modulus accepted for a client key (NIST SP 800-131A). */
export const MIN_RSA_BITS = 2048;

/** Days before `notAfter` from which a certificate counts as expiring. */
export const EXPIRY_WARNING_DAYS = 30;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** A distinguished name on one line (`CN=lab, O=Lab`), as people read it in a certificate viewer. */
const oneLine = (dn: string) => dn.split('\n').filter(Boolean).join(', ');

/** The certificates of a PEM text, in order; throws a message fit for a 400 (after the field name). */
export function parseCertificates(pem: string): X509Certificate[] {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (!blocks.length) throw new Error(MESSAGES.noPemCertificate);
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new Error(MESSAGES.certificateUnparsable(i + 1, blocks.length));
    }
  });
}

export function certificateInfo(cert: X509Certificate): CertificateInfo {
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    serial: cert.serialNumber,
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
  };
}

/** The info of a stored chain's first certificate, or null when there is none (or it cannot be read). */
export function storedCertificateInfo(pem: string | null): CertificateInfo | null {
  if (!pem) return null;
  try {
    return certificateInfo(parseCertificates(pem)[0]);
  } catch {
    return null;
  }
}

/** Whole days left before `notAfter` (negative once expired). */
export function daysLeft(info: CertificateInfo, now: Date): number {
  return Math.floor((info.notAfter.getTime() - now.getTime()) / 86_400_000);
}

/**
 * Checks a client certificate with its key as a receiver's TLS stack would use them: the chain
 * parses, the key opens (with its passphrase), is strong enough and matches the first
 * certificate, which is within its validity. Returns the first certificate's info, or the
 * problem naming the field at fault.
 */
export function checkClientIdentity(
  certificate: string,
  key: string,
  passphrase: string | undefined,
  now: Date,
): CertificateInfo | FieldProblem {
  let leaf: X509Certificate;
  try {
    leaf = parseCertificates(certificate)[0];
  } catch (err) {
    return { field: 'tls.clientCertificate', message: `tls.clientCertificate ${err.message}` };
  }
  if (passphrase === undefined && /ENCRYPTED PRIVATE KEY|Proc-Type: 4,ENCRYPTED/.test(key))
    return {
      field: 'tls.clientKeyPassphrase',
      message: 'tls.clientKeyPassphrase is required: tls.clientKey is encrypted',
    };
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key, format: 'pem', passphrase });
  } catch (err) {
    return keyProblem(err, passphrase);
  }
  const bits = keyObject.asymmetricKeyDetails?.modulusLength;
  if (keyObject.asymmetricKeyType?.startsWith('rsa') && bits !== undefined && bits < MIN_RSA_BITS) {
    return {
      field: 'tls.clientKey',
      message: `tls.clientKey is an RSA key of ${bits} bits; at least ${MIN_RSA_BITS} are required`,
    };
  }
  if (!leaf.checkPrivateKey(keyObject)) {
    return {
      field: 'tls.clientKey',
      message: 'tls.clientKey does not match tls.clientCertificate (its first certificate)',
    };
  }
  const info = certificateInfo(leaf);
  if (info.notAfter.getTime() <= now.getTime()) {
    return {
      field: 'tls.clientCertificate',
      message: `tls.clientCertificate expired on ${info.notAfter.toISOString()}`,
    };
  }
  if (info.notBefore.getTime() > now.getTime()) {
    return {
      field: 'tls.clientCertificate',
      message: `tls.clientCertificate is not valid before ${info.notBefore.toISOString()}`,
    };
  }
  return info;
}

function keyProblem(err: any, passphrase: string | undefined): FieldProblem {
  const code: string = err?.code ?? '';
  if (passphrase !== undefined && /decrypt|bad password/i.test(`${err?.message} ${code}`))
    return { field: 'tls.clientKeyPassphrase', message: 'tls.clientKeyPassphrase does not open tls.clientKey' };
  return { field: 'tls.clientKey', message: 'tls.clientKey is not a readable PEM private key' };
}

/** Problem with a CA bundle, or null. */
export function caBundleProblem(pem: string): FieldProblem | null {
  try {
    parseCertificates(pem);
    return null;
  } catch (err) {
    return { field: 'tls.caCertificates', message: `tls.caCertificates ${err.message}` };
  }
}
