/**
 * The convention's own certificate authority and host certificates, made with node-forge
 * (Node's crypto makes keys but cannot issue certificates). Keys are RSA 2048 made by Node's
 * crypto; certificates are signed with SHA-256. Pure: PEM text in, PEM text out.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type forgeModule from 'node-forge';

/** node-forge (~590 KB) is loaded when a certificate is made, not by every command that lists convcert. */
function forgeLib(): typeof forgeModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node-forge') as typeof forgeModule;
}

export interface Pem {
  readonly cert: string;
  readonly key: string;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

function rsaKey(): { forgeKey: forgeModule.pki.rsa.PrivateKey; pub: forgeModule.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forgeLib().pki.privateKeyFromPem(pem);
  return { forgeKey, pub: forgeLib().pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

function serial(): string {
  // Positive (high bit clear), 16 bytes.
  const b = randomBytes(16);
  b[0] = b[0] & 0x7f;
  return b.toString('hex');
}

/** A self-signed CA for one convention, valid `years` years. */
export function makeConventionCa(commonName: string, years = 10, now = new Date()): Pem {
  const k = rsaKey();
  const cert = forgeLib().pki.createCertificate();
  cert.publicKey = k.pub;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + years * YEAR_MS);
  const attrs = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'thespian-director convention' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(k.forgeKey, forgeLib().md.sha256.create());
  return { cert: forgeLib().pki.certificateToPem(cert), key: k.pem };
}

/**
 * A certificate for one host of the convention, issued by `ca`: usable as server (the leader)
 * and as client (a member), with NAME and every IP as subject alternative names, so the member's
 * hostname check passes whichever of them it dials.
 */
export function makeHostCertificate(ca: Pem, name: string, ips: readonly string[], years = 5, now = new Date()): Pem {
  const caCert = forgeLib().pki.certificateFromPem(ca.cert);
  const caKey = forgeLib().pki.privateKeyFromPem(ca.key);
  const k = rsaKey();
  const cert = forgeLib().pki.createCertificate();
  cert.publicKey = k.pub;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + years * YEAR_MS);
  cert.setSubject([
    { name: 'commonName', value: name },
    { name: 'organizationName', value: 'thespian-director convention' },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  const altNames: { type: number; value?: string; ip?: string }[] = [];
  if (isIP(name) !== 0) altNames.push({ type: 7, ip: name });
  else altNames.push({ type: 2, value: name });
  for (const ip of ips) altNames.push({ type: 7, ip });
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(caKey, forgeLib().md.sha256.create());
  return { cert: forgeLib().pki.certificateToPem(cert), key: k.pem };
}
