/** `npm run package` into a file of the caller's choosing, and the list of what the .vsix holds. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import yauzl from 'yauzl';
import { REPO } from './prerequisites';

export function buildVsix(out: string): string {
  const r = spawnSync(process.execPath, [path.join(REPO, 'extension', 'package-vsix.mjs'), '--out', out], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (r.status !== 0)
    throw new Error(`npm run package failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return out;
}

/** Every entry name of the .vsix (a zip). */
export function vsixEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err !== null) return reject(err);
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.once('end', () => resolve(names));
      zip.once('error', reject);
      zip.readEntry();
    });
  });
}

/** The text of one entry. */
export function vsixText(file: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err !== null) return reject(err);
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== name) return zip.readEntry();
        zip.openReadStream(e, (err2, stream) => {
          if (err2 !== null) return reject(err2);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.once('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
          stream.once('error', reject);
        });
      });
      zip.once('end', () => reject(new Error(`${name} is not in ${file}`)));
      zip.readEntry();
    });
  });
}
