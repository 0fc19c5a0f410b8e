/** Generate Convention Secret (`convsecret`) and Generate Convention Certificates (`convcert`). */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { showFailure } from '../failure';
import { failureLine, type Services } from './services';

async function convSecret(s: Services): Promise<void> {
  let r = await s.runner.run(['convsecret']);
  if (r.code !== 0 && r.err.includes('[CONVENTION_SECRET_EXISTS]')) {
    const replace = await vscode.window.showWarningMessage(
      'The director dir already has a convention.secret. Replace it? Every member of the convention then needs the new copy.',
      { modal: true },
      'Replace',
    );
    if (replace !== 'Replace') return;
    r = await s.runner.run(['convsecret', '--force']);
  }
  if (r.code !== 0) {
    void showFailure(s.log, `Generating the convention secret failed: ${failureLine(r)}`);
    return;
  }
  void vscode.window.showInformationMessage(r.out.trim().split('\n')[0] ?? 'Wrote convention.secret');
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
  const args = ['convcert', ...kind.args];
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
    args.push(name.trim(), ...ips.split(/\s+/).filter((x) => x !== ''));
  }
  const r = await s.runner.run(args);
  if (r.code !== 0) {
    void showFailure(s.log, `convcert ${kind.args[0]} failed: ${failureLine(r)}`);
    return;
  }
  void vscode.window.showInformationMessage(r.out.trim().split('\n')[0] ?? `convcert ${kind.args[0]} done`);
}

export function registerConventionCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.convSecret, () => convSecret(s)),
    vscode.commands.registerCommand(COMMANDS.convCert, () => convCert(s)),
  ];
}
