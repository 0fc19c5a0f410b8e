/** Generate Source Package (gensrc), Generate Signing Key Pair (keygen), Show Package Contents (tlsinfo). */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, MEMENTO, SETTINGS } from '../constants';
import { memberUri } from '../content-provider';
import { showFailure } from '../failure';
import { defaultPatterns, gensrcArgs, parseContentsLine, tlsinfoArgs, versionFor, type GensrcChoices } from '../model/command-args';
import { parseProblemLines } from '../model/problem-lines';
import { nodeData } from './node-arg';
import { failureLine, type Services } from './services';

/** The guide's name for the list of npm packages a group needs at run time. */
const DEPS_FILE = 'deppkgs.txt';

interface GroupPick extends vscode.QuickPickItem {
  readonly group: string;
  readonly sourcesDir: string;
  readonly tliFile?: string;
}

/** Groups in the workspace: each `GROUP.tli` outside node_modules, with its folder as SOURCES_DIR. */
async function pickGroup(s: Services, remembered: Partial<GensrcChoices>): Promise<GroupPick | undefined> {
  const found = await vscode.workspace.findFiles('**/*.tli', '{**/node_modules/**,**/.thespian-director/**}', 200);
  const dir = s.settings().directorDir;
  const items: GroupPick[] = found
    .filter((u) => path.dirname(u.fsPath) !== dir)
    .map((u) => {
      const group = path.basename(u.fsPath, '.tli');
      const sourcesDir = path.dirname(u.fsPath);
      return { label: group, description: vscode.workspace.asRelativePath(sourcesDir), group, sourcesDir, tliFile: u.fsPath };
    });
  if (remembered.group !== undefined && remembered.sourcesDir !== undefined) {
    const i = items.findIndex((p) => p.group === remembered.group && p.sourcesDir === remembered.sourcesDir);
    const last = i >= 0 ? items.splice(i, 1)[0] : { label: remembered.group, description: remembered.sourcesDir, group: remembered.group, sourcesDir: remembered.sourcesDir };
    items.unshift({ ...last, detail: 'last used' });
  }
  if (items.length === 0) {
    const group = await vscode.window.showInputBox({ title: 'Group name', prompt: 'No GROUP.tli found in the workspace: name the group', validateInput: (v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : 'letters, digits and _, not starting with a digit') });
    if (group === undefined) return undefined;
    const folder = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title: `Folder that holds ${group}/ (SOURCES_DIR)` });
    return folder?.[0] === undefined ? undefined : { label: group, group, sourcesDir: folder[0].fsPath };
  }
  return vscode.window.showQuickPick(items, { title: 'Generate Source Package: which group?', matchOnDescription: true });
}

async function pickKey(s: Services, remembered: Partial<GensrcChoices>): Promise<string | undefined> {
  const fromSetting = s.settings().privateKeyPath;
  if (fromSetting !== undefined) return fromSetting;
  if (remembered.keyFile !== undefined) return remembered.keyFile;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, title: 'Private key to sign with', filters: { 'PEM keys': ['pem', 'key'], 'All files': ['*'] } });
  return picked?.[0]?.fsPath;
}

async function gensrc(s: Services): Promise<void> {
  const remembered = s.context.workspaceState.get<Partial<GensrcChoices>>(MEMENTO.gensrc, {});
  const g = await pickGroup(s, remembered);
  if (g === undefined) return;
  const keyFile = await pickKey(s, remembered);
  if (keyFile === undefined) {
    void showFailure(s.log, 'gensrc needs a private key: run "Generate Signing Key Pair" or set thespianDirector.privateKeyPath.', 'Generate Key Pair').then((a) => {
      if (a === 'Generate Key Pair') void vscode.commands.executeCommand(COMMANDS.keygen);
    });
    return;
  }
  await s.state.refreshAvailable();
  const latest = s.state.available?.groups.find((x) => x.group === g.group)?.packages[0]?.version;
  const plan = versionFor(s.settings().versionScheme, latest);
  let version = plan.version;
  if (plan.ask) {
    const typed = await vscode.window.showInputBox({
      title: `Version of ${g.group}`,
      value: remembered.group === g.group && remembered.version !== undefined && remembered.version !== null && remembered.version !== latest ? remembered.version : plan.suggested,
      prompt: `Newest now: ${latest ?? 'none'}. "date" makes YYYYMMDDHHMM; empty makes ${g.group}.tls without a version.`,
    });
    if (typed === undefined) return;
    version = typed.trim() === '' ? null : typed.trim();
  }
  // The guide's deps file, when the project has one; sources are the group's .ts, plus .js when there are any.
  const depsFile = path.join(g.sourcesDir, DEPS_FILE);
  const hasJs = (await vscode.workspace.findFiles(new vscode.RelativePattern(g.sourcesDir, `${g.group}/**/*.js`), null, 1)).length > 0;
  const choices: GensrcChoices = {
    group: g.group,
    keyFile,
    sourcesDir: g.sourcesDir,
    version,
    ...(g.tliFile !== undefined ? { tliFile: g.tliFile } : {}),
    ...(existsSync(depsFile) ? { depsFile } : {}),
    patterns: hasJs ? defaultPatterns(g.group) : [`${g.group}/**/*.ts`],
  };
  await s.context.workspaceState.update(MEMENTO.gensrc, choices);
  const args = gensrcArgs(choices);
  const r = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Generating ${g.group} ${version ?? ''}`.trim() },
    () => s.runner.run(args),
  );
  s.problems.clear();
  if (r.code !== 0) {
    const found = parseProblemLines(`${r.err}\n${r.out}`);
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of found) {
      const file = path.resolve(g.sourcesDir, p.file);
      const d = new vscode.Diagnostic(new vscode.Range(p.line - 1, p.column - 1, p.line - 1, p.column - 1 + 1), p.message, vscode.DiagnosticSeverity.Error);
      d.source = 'gensrc';
      if (p.code !== undefined) d.code = p.code;
      byFile.set(file, [...(byFile.get(file) ?? []), d]);
    }
    for (const [file, ds] of byFile) s.problems.set(vscode.Uri.file(file), ds);
    void showFailure(s.log, `gensrc ${g.group} failed: ${failureLine(r)}`);
    return;
  }
  await s.state.refreshAvailable();
  void vscode.window.showInformationMessage(r.out.trim().split('\n').pop() ?? `Generated ${g.group}`);
}

async function keygen(s: Services): Promise<void> {
  const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(s.settings().directorDir);
  const target = await vscode.window.showSaveDialog({
    title: 'Where to write the private key (keep it secret; mode 0600)',
    defaultUri: vscode.Uri.joinPath(base, 'signing.pem'),
    filters: { 'PEM private key': ['pem'] },
    saveLabel: 'Write private key',
  });
  if (target === undefined) return;
  const file = target.fsPath.endsWith('.pem') ? target.fsPath : `${target.fsPath}.pem`;
  const name = path.basename(file, '.pem');
  const r = await s.runner.runIn(path.dirname(file), ['keygen', name]);
  await s.state.refreshAvailable();
  if (r.code !== 0) {
    void showFailure(s.log, `Generating the key pair failed: ${failureLine(r)}`);
    return;
  }
  const c = vscode.workspace.getConfiguration(SETTINGS.section);
  if (s.settings().privateKeyPath === undefined) {
    await c.update(SETTINGS.privateKeyPath, file, vscode.workspace.workspaceFolders === undefined ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace);
  }
  void vscode.window.showInformationMessage(`Wrote ${file} and ${name}_tls.key in ${s.settings().directorDir}`);
}

async function showContents(s: Services, arg: unknown): Promise<void> {
  const data = nodeData(arg);
  let file = data?.kind === 'package' ? data.path : data?.kind === 'source' ? (data.path ?? undefined) : undefined;
  if (file === undefined) {
    await s.state.refreshAvailable();
    const items = (s.state.available?.groups ?? []).flatMap((g) => g.packages.map((p) => ({ label: p.file, description: p.hash.slice(0, 12), file: p.path })));
    file = (await vscode.window.showQuickPick(items, { title: 'Show the contents of which package?' }))?.file;
    if (file === undefined) return;
  }
  const r = await s.runner.run(tlsinfoArgs(file, 'contents'));
  if (r.code !== 0) {
    void showFailure(s.log, `tlsinfo ${path.basename(file)} failed: ${failureLine(r)}`);
    return;
  }
  const members = r.out.split('\n').map(parseContentsLine).filter((m) => m !== undefined);
  const picked = await vscode.window.showQuickPick(
    members.map((m) => ({ label: m.name, description: `${m.size} bytes` })),
    { title: `${path.basename(file)}: open a file read-only` },
  );
  if (picked === undefined) return;
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(memberUri(file, picked.label)), { preview: true });
}

export function registerPackageCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.gensrc, () => gensrc(s)),
    vscode.commands.registerCommand(COMMANDS.keygen, () => keygen(s)),
    vscode.commands.registerCommand(COMMANDS.showContents, (arg?: unknown) => showContents(s, arg)),
  ];
}
