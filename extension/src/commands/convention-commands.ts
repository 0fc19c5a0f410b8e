/**
 * Generate Convention Secret and Generate Convention Certificates: the toolchain's `convsecret()`
 * and `convcert()`, the files written as data, a refusal as its code.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { showFailure } from '../failure';
import { codedLine } from '../model/refresh-report';
import type { Services } from './services';
import { codeOf } from '../../../runtime/src/protocol/caught';

async function convSecret(s: Services): Promise<void> {
  const write = (force: boolean): Promise<string> =>
    s.runner.call(
      `convsecret${force ? ' --force' : ''}`,
      (host, o) => host.convsecret({ ...o, force }),
      (file) => [{ level: 'info', text: secretWritten(file) }],
    );
  let file: string;
  try {
    file = await write(false);
  } catch (e) {
    if (codeOf(e) !== 'CONVENTION_SECRET_EXISTS') {
      void showFailure(s.log, `Generating the convention secret failed: ${codedLine(e)}`);
      return;
    }
    const replace = await vscode.window.showWarningMessage(
      'The director dir already has a convention.secret. Replace it? Every member of the convention then needs the new copy.',
      { modal: true },
      'Replace',
    );
    if (replace !== 'Replace') return;
    try {
      file = await write(true);
    } catch (e2) {
      void showFailure(s.log, `Generating the convention secret failed: ${codedLine(e2)}`);
      return;
    }
  }
  void vscode.window.showInformationMessage(secretWritten(file));
}

/** What `director convsecret` says it did. */
function secretWritten(file: string): string {
  return `Wrote ${file} (mode 0600). Copy it to the director dir of every host of the convention.`;
}

async function convCert(s: Services): Promise<void> {
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'CA', description: 'convca.crt and convca.key in the director dir (once per convention)', args: ['ca'] },
      {
        label: 'Host certificate',
        description: 'convhost.crt and convhost.key for one host, signed by the CA',
        args: ['host'],
      },
    ],
    { title: 'Generate Convention Certificates' },
  );
  if (kind === undefined) return;
  let what: { kind: 'ca' } | { kind: 'host'; name: string; ips: string[] } = { kind: 'ca' };
  if (kind.label !== 'CA') {
    const name = await vscode.window.showInputBox({
      title: 'Host name (DNS name or address the members reach it at)',
      value: os.hostname(),
    });
    if (name === undefined || name.trim() === '') return;
    const ips = await vscode.window.showInputBox({
      title: 'Further IP addresses of that host (space-separated, may be empty)',
      value: '',
    });
    if (ips === undefined) return;
    what = { kind: 'host', name: name.trim(), ips: ips.split(/\s+/).filter((x) => x !== '') };
  }
  let done: string;
  try {
    done = certWritten(
      what,
      await s.runner.call(
        what.kind === 'ca' ? 'convcert ca' : `convcert host ${[what.name, ...what.ips].join(' ')}`,
        (host, o) => host.convcert(what, o),
        (r) => [{ level: 'info', text: certWritten(what, r) }],
      ),
    );
  } catch (e) {
    void showFailure(s.log, `convcert ${kind.args[0]} failed: ${codedLine(e)}`);
    return;
  }
  void vscode.window.showInformationMessage(done);
}

/** What `director convcert` says it wrote. */
function certWritten(
  what: { kind: 'ca' } | { kind: 'host'; name: string; ips: string[] },
  r: { certFile: string; keyFile: string },
): string {
  return what.kind === 'ca'
    ? `Wrote ${r.certFile} (copy to every host) and ${r.keyFile} (keep it here, mode 0600).`
    : `Wrote ${r.certFile} and ${r.keyFile} for ${[what.name, ...what.ips].join(', ')}.`;
}

export function registerConventionCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.convSecret, () => convSecret(s)),
    vscode.commands.registerCommand(COMMANDS.convCert, () => convCert(s)),
  ];
}
