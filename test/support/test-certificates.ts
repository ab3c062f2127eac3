import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A certificate and its private key, PEM. */
export interface Issued {
  cert: string;
  key: string;
}

export interface IssueOptions {
  commonName: string;
  /** IP addresses in the subjectAltName (a server certificate for 127.0.0.1). */
  ips?: string[];
  dnsNames?: string[];
  /** Client (TLS client auth) rather than server. @default false */
  client?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  /** RSA modulus length. @default 2048 */
  bits?: number;
  /** Reuse this private key (PEM) instead of making a new one: a renewed or back-dated certificate. */
  key?: string;
}

const DAY_MS = 86_400_000;

/** An RSA key pair made by Node's own (native) generator (or the one given), read into forge for signing. */
function keyPair(bits: number, existing?: string) {
  const privateKey = existing
    ? createPrivateKey(existing)
    : generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
  const publicKey = createPublicKey(privateKey);
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    keyPem,
    privateKey: forge.pki.privateKeyFromPem(keyPem),
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

function newCertificate(publicKey: forge.pki.PublicKey, notBefore: Date, notAfter: Date): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // Positive, 16 random bytes: unique per certificate, as a real CA would issue.
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  return cert;
}

/**
 * A certificate authority made by the test, as a hospital's internal CA: issues server and
 * client certificates signed with SHA-256, with the extensions TLS stacks check.
 */
export class TestCa {
  private constructor(
    readonly name: string,
    readonly cert: string,
    private readonly forgeCert: forge.pki.Certificate,
    private readonly privateKey: forge.pki.rsa.PrivateKey,
  ) {}

  static create(name: string): TestCa {
    const keys = keyPair(2048);
    const cert = newCertificate(keys.publicKey, new Date(Date.now() - DAY_MS), new Date(Date.now() + 3650 * DAY_MS));
    const subject = [
      { name: 'commonName', value: name },
      { name: 'organizationName', value: 'Test Hospital' },
    ];
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.setExtensions([
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ]);
    cert.sign(keys.privateKey, forge.md.sha256.create());
    return new TestCa(name, forge.pki.certificateToPem(cert), cert, keys.privateKey);
  }

  issue(o: IssueOptions): Issued {
    const keys = keyPair(o.bits ?? 2048, o.key);
    const cert = newCertificate(
      keys.publicKey,
      o.notBefore ?? new Date(Date.now() - DAY_MS),
      o.notAfter ?? new Date(Date.now() + 365 * DAY_MS),
    );
    cert.setSubject([
      { name: 'commonName', value: o.commonName },
      { name: 'organizationName', value: 'North Lab' },
    ]);
    cert.setIssuer(this.forgeCert.subject.attributes);
    const altNames = [
      ...(o.ips ?? []).map((ip) => ({ type: 7, ip })),
      ...(o.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ];
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: !o.client, clientAuth: !!o.client },
      ...(altNames.length ? [{ name: 'subjectAltName', altNames }] : []),
    ]);
    cert.sign(this.privateKey, forge.md.sha256.create());
    return { cert: forge.pki.certificateToPem(cert), key: keys.keyPem };
  }

  /** A self-signed server certificate (no CA behind it), as a receiver set up in a hurry presents. */
  static selfSigned(commonName: string, ips: string[]): Issued {
    return selfSignedServer(commonName, ips);
  }
}

function selfSignedServer(commonName: string, ips: string[]): Issued {
  const keys = keyPair(2048);
  const cert = newCertificate(keys.publicKey, new Date(Date.now() - DAY_MS), new Date(Date.now() + 365 * DAY_MS));
  const subject = [{ name: 'commonName', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([{ name: 'subjectAltName', altNames: ips.map((ip) => ({ type: 7, ip })) }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.keyPem };
}

/** The key encrypted with a passphrase (PKCS#8, AES-256-CBC), as a hospital's PKI often hands it out. */
export function encryptKey(keyPem: string, passphrase: string): string {
  return createPrivateKey(keyPem)
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
    .toString();
}
