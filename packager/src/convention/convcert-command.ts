/** `director convcert ca [--force]` and `director convcert host NAME [IP...] [--out DIR] [--force]`. */
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import type { CommandSpec } from '../../../cli/framework/command';
import { ConventionError } from '../../../runtime/src/convention/convention-error';
import { CA_FILE, HOST_CERT_FILE, HOST_KEY_FILE } from '../../../runtime/src/convention/tls-files';
import { writeFileAtomic } from '../../../runtime/src/util/atomic-write';
import { makeConventionCa, makeHostCertificate } from './certificates';

/** The CA's private key: stays on the host where certificates are made; never copied to members. */
export const CA_KEY_FILE = 'convca.key';

const exists = (f: string): Promise<boolean> =>
  access(f).then(
    () => true,
    () => false,
  );

function usage(why: string): ConventionError {
  return new ConventionError('CONVENTION_CERT_USAGE', `${why}; usage: director ${convcertCommand.usage}`, {
    exitCode: 2,
  });
}

async function refuseOverwrite(files: readonly string[], force: boolean): Promise<void> {
  if (force) return;
  for (const f of files) {
    if (await exists(f))
      throw new ConventionError('CONVENTION_CERT_USAGE', `${f} exists already; give --force to replace it`, {
        data: { file: f },
      });
  }
}

export const convcertCommand: CommandSpec = {
  name: 'convcert',
  usage: 'convcert ca [--force] | convcert host NAME [IP...] [--out DIR] [--force]',
  summary: "Makes the convention's own CA and host certificates for TLS convention links.",
  description: [
    `"convcert ca" writes ${CA_FILE} and ${CA_KEY_FILE} (mode 0600) into $THESPIAN_DIRECTOR_DIR.`,
    `"convcert host NAME [IP...]" issues ${HOST_CERT_FILE} and ${HOST_KEY_FILE} (mode 0600) for the host`,
    'NAME (its DNS name or address) and any further IP addresses it is reached at, signed by that',
    'CA, into --out DIR (default: $THESPIAN_DIRECTOR_DIR). Copy to every host: convca.crt, its own',
    `${HOST_CERT_FILE} and ${HOST_KEY_FILE}; never copy ${CA_KEY_FILE}. With the three files present, convention`,
    'links are wss and both ends refuse certificates not issued by this CA.',
  ].join('\n'),
  async run(ctx, args) {
    const force = args.includes('--force');
    const rest = args.filter((a) => a !== '--force');
    const [what, ...more] = rest;
    if (what === 'ca') {
      if (more.length > 0) throw usage(`"convcert ca" takes no more arguments, not ${more.join(' ')}`);
      const { certFile, keyFile } = await writeConventionCa(ctx.directorDir, force);
      ctx.out.write(`Wrote ${certFile} (copy to every host) and ${keyFile} (keep it here, mode 0600).\n`);
      return 0;
    }
    if (what === 'host') {
      const outAt = more.indexOf('--out');
      let outDir = ctx.directorDir;
      const names = [...more];
      if (outAt >= 0) {
        const d = more[outAt + 1];
        if (d === undefined) throw usage('--out needs a folder');
        outDir = path.resolve(ctx.cwd, d);
        names.splice(outAt, 2);
      }
      const [name = '', ...ips] = names;
      const { certFile, keyFile } = await writeHostCertificate(ctx.directorDir, name, ips, outDir, force);
      ctx.out.write(`Wrote ${certFile} and ${keyFile} for ${[name, ...ips].join(', ')}.\n`);
      return 0;
    }
    throw usage(what === undefined ? 'say "ca" or "host"' : `unknown convcert action "${what}"`);
  },
};

/** The files a convcert wrote. */
export interface CertFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** `convcert ca`: the convention's CA (convca.crt, convca.key mode 0600) in `directorDir`. */
export async function writeConventionCa(directorDir: string, force: boolean): Promise<CertFiles> {
  const certFile = path.join(directorDir, CA_FILE);
  const keyFile = path.join(directorDir, CA_KEY_FILE);
  await refuseOverwrite([certFile, keyFile], force);
  await mkdir(directorDir, { recursive: true });
  const ca = makeConventionCa(
    `thespian-director convention CA ${new Date().toISOString().slice(0, 10)} ${randomBytes(4).toString('hex')}`,
  );
  await writeFileAtomic(keyFile, ca.key, 0o600);
  await writeFileAtomic(certFile, ca.cert, 0o644);
  return { certFile, keyFile };
}

/**
 * `convcert host NAME [IP...]`: a host certificate and key signed by the CA of `directorDir`,
 * into `outDir` (with a copy of convca.crt when that is another folder).
 */
export async function writeHostCertificate(
  directorDir: string,
  name: string,
  ips: readonly string[],
  outDir: string,
  force: boolean,
): Promise<CertFiles> {
  // Here, not in the command: the toolchain's convcert() calls this without the command's parsing.
  const given: unknown = name; // a program in JavaScript may leave it out
  if (typeof given !== 'string' || given === '') throw usage('"convcert host" needs the host NAME');
  const badIp = ips.find((ip) => isIP(ip) === 0);
  if (badIp !== undefined) throw usage(`"${badIp}" is not an IP address`);
  const caCertFile = path.join(directorDir, CA_FILE);
  const caKeyFile = path.join(directorDir, CA_KEY_FILE);
  if (!(await exists(caCertFile)) || !(await exists(caKeyFile))) {
    throw new ConventionError(
      'CONVENTION_CERT_USAGE',
      `the convention CA (${caCertFile} and ${caKeyFile}) is missing; make it first with \`director convcert ca\``,
    );
  }
  const ca = { cert: await readFile(caCertFile, 'utf8'), key: await readFile(caKeyFile, 'utf8') };
  const certFile = path.join(outDir, HOST_CERT_FILE);
  const keyFile = path.join(outDir, HOST_KEY_FILE);
  await refuseOverwrite([certFile, keyFile], force);
  await mkdir(outDir, { recursive: true });
  const host = makeHostCertificate(ca, name, [...ips]);
  await writeFileAtomic(keyFile, host.key, 0o600);
  await writeFileAtomic(certFile, host.cert, 0o644);
  if (path.resolve(outDir) !== path.resolve(directorDir))
    await writeFileAtomic(path.join(outDir, CA_FILE), ca.cert, 0o644);
  return { certFile, keyFile };
}
