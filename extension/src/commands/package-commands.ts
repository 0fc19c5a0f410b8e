/** Generate Source Package (gensrc), Generate Signing Key Pair (keygen), Show Package Contents (tlsinfo). */
import { chmodSync, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, MEMENTO, SETTINGS } from '../constants';
import { memberUri } from '../content-provider';
import { setProblems, showErrorFailure, showFailure } from '../failure';
import { defaultKeyFolder } from '../model/settings-paths';
import { freeKeyName, keyNameProblem } from '../model/secrets';
import { warnKeyInWorkTree } from '../secrets-guard';
import { pathContext } from '../settings';
import { defaultPatterns, versionFor, type GensrcChoices } from '../model/command-args';
import { codedLine } from '../model/refresh-report';
import { describeError, shortPaths } from '../model/failure-message';
import type { GensrcReport, KeygenReport } from '../../../cli/src/index';
import { warningText } from '../live/live-cycle';
import { nodeData } from './node-arg';
import type { Services } from './services';

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
      return {
        label: group,
        description: vscode.workspace.asRelativePath(sourcesDir),
        group,
        sourcesDir,
        tliFile: u.fsPath,
      };
    });
  if (remembered.group !== undefined && remembered.sourcesDir !== undefined) {
    const i = items.findIndex((p) => p.group === remembered.group && p.sourcesDir === remembered.sourcesDir);
    const last =
      i >= 0
        ? items.splice(i, 1)[0]
        : {
            label: remembered.group,
            description: remembered.sourcesDir,
            group: remembered.group,
            sourcesDir: remembered.sourcesDir,
          };
    items.unshift({ ...last, detail: 'last used' });
  }
  if (items.length === 0) {
    const group = await vscode.window.showInputBox({
      title: 'Group name',
      prompt: 'No GROUP.tli found in the workspace: name the group',
      validateInput: (v) =>
        /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : 'letters, digits and _, not starting with a digit',
    });
    if (group === undefined) return undefined;
    const folder = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      title: `Folder that holds ${group}/ (SOURCES_DIR)`,
    });
    return folder?.[0] === undefined ? undefined : { label: group, group, sourcesDir: folder[0].fsPath };
  }
  return vscode.window.showQuickPick(items, {
    title: 'Generate Source Package: which group?',
    matchOnDescription: true,
  });
}

/** The key made by the last Generate Signing Key Pair (per user, in the user's storage by default). */
const LAST_KEY = 'thespianDirector.lastGeneratedKey';
/** Keys already checked for lying unignored in a work tree, this session. */
const checkedKeys = new Set<string>();

async function pickKey(s: Services, remembered: Partial<GensrcChoices>): Promise<string | undefined> {
  const fromSetting = s.settings().privateKeyPath;
  const lastKey = s.context.globalState.get<string>(LAST_KEY);
  const known =
    fromSetting ??
    (remembered.keyFile !== undefined && existsSync(remembered.keyFile) ? remembered.keyFile : undefined) ??
    (lastKey !== undefined && existsSync(lastKey) ? lastKey : undefined);
  const picked =
    known ??
    (
      await vscode.window.showOpenDialog({
        canSelectMany: false,
        title: 'Private key to sign with',
        filters: { 'PEM keys': ['pem', 'key'], 'All files': ['*'] },
      })
    )?.[0]?.fsPath;
  if (picked !== undefined && !checkedKeys.has(picked)) {
    checkedKeys.add(picked);
    void warnKeyInWorkTree(picked, s.log);
  }
  return picked;
}

async function gensrc(s: Services): Promise<void> {
  const remembered = s.context.workspaceState.get<Partial<GensrcChoices>>(MEMENTO.gensrc, {});
  const g = await pickGroup(s, remembered);
  if (g === undefined) return;
  const keyFile = await pickKey(s, remembered);
  if (keyFile === undefined) {
    void showFailure(
      s.log,
      'gensrc needs a private key: run "Generate Signing Key Pair" or set thespianDirector.privateKeyPath.',
      'Generate Key Pair',
    ).then((a) => {
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
      value:
        remembered.group === g.group &&
        remembered.version !== undefined &&
        remembered.version !== null &&
        remembered.version !== latest
          ? remembered.version
          : plan.suggested,
      prompt: `Newest now: ${latest ?? 'none'}. "date" makes YYYYMMDDHHMM; empty makes ${g.group}.tls without a version.`,
    });
    if (typed === undefined) return;
    version = typed.trim() === '' ? null : typed.trim();
  }
  // The guide's deps file, when the project has one; sources are the group's .ts, plus .js when there are any.
  const depsFile = path.join(g.sourcesDir, DEPS_FILE);
  const hasJs =
    (await vscode.workspace.findFiles(new vscode.RelativePattern(g.sourcesDir, `${g.group}/**/*.js`), null, 1)).length >
    0;
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
  const tools = s.runner.tools();
  let r: GensrcReport;
  try {
    r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Generating ${g.group} ${version ?? ''}`.trim() },
      () => tools.gensrc({ ...choices, patterns: choices.patterns ?? defaultPatterns(g.group) }),
    );
  } catch (e) {
    await showErrorFailure(
      { log: s.log, problems: s.problems, baseDir: g.sourcesDir, directorDir: s.settings().directorDir },
      `gensrc ${g.group} failed`,
      e,
      tools.problemsOf(e),
    );
    return;
  }
  await s.state.refreshAvailable();
  const done = shortPaths(`Wrote ${r.file}`);
  // Warnings (a TLI naming an actor the package lacks) would fail the load later: say so now.
  const warnings = r.warnings.filter((w) => w.kind !== 'no-tli');
  const placed = warnings.flatMap((w) =>
    w.file !== undefined && w.line !== undefined
      ? [{ p: { file: w.file, line: w.line, column: w.column ?? 1, message: w.message, code: w.kind }, file: w.file }]
      : [],
  );
  setProblems(s.problems, placed, 'gensrc', vscode.DiagnosticSeverity.Warning);
  if (warnings.length > 0) {
    const more = warnings.length > 1 ? ` (and ${warnings.length - 1} more)` : '';
    const picked = await vscode.window.showWarningMessage(
      `${done}, with a warning: ${describeError({ message: warningText(warnings[0]) }, []).text}${more}`,
      ...(g.tliFile !== undefined ? ['Open TLI'] : []),
      'Show Log',
    );
    if (picked === 'Open TLI' && g.tliFile !== undefined)
      await vscode.window.showTextDocument(vscode.Uri.file(g.tliFile));
    if (picked === 'Show Log') s.log.show(true);
    return;
  }
  void vscode.window.showInformationMessage(done);
}

/** `keygen()` with NAME.pem written in `folder`, logged as the command would be. */
export function keygenIn(s: Services, folder: string, name: string): Promise<KeygenReport> {
  return s.runner.call(
    `keygen ${name}`,
    (host, o) => host.keygen(name, { ...o, cwd: folder }),
    (r) => [
      { level: 'info', text: `Wrote private key ${r.privateKeyFile}` },
      { level: 'info', text: `Wrote public key ${r.publicKeyFile}` },
    ],
  );
}

/**
 * Keys go to the user's own storage unless the user picks a folder: never the workspace by
 * default, and the path is written into the workspace's settings only when the user asks. The
 * name is asked for with the check keygen would make (it never overwrites a key), so nothing
 * offers to overwrite and then refuses.
 */
async function keygen(s: Services): Promise<void> {
  const userFolder = defaultKeyFolder(pathContext(s.context.globalStorageUri));
  const where = await vscode.window.showQuickPick(
    [
      {
        label: '$(lock) Your user storage (recommended)',
        description: userFolder,
        detail: 'Private to you, outside every workspace and git work tree',
        folder: userFolder,
      },
      { label: '$(folder) Choose a folder…', description: '', folder: undefined },
    ],
    { title: 'Generate Signing Key Pair: where to keep the private key?' },
  );
  if (where === undefined) return;
  const folder =
    where.folder ??
    (
      await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        title: 'Folder for the private key',
        openLabel: 'Keep the key here',
      })
    )?.[0]?.fsPath;
  if (folder === undefined) return;
  const dir = s.settings().directorDir;
  const taken = (n: string): boolean =>
    existsSync(path.join(folder, `${n}.pem`)) || existsSync(path.join(dir, `${n}_tls.key`));
  const name = await vscode.window.showInputBox({
    title: 'Name of the key pair',
    value: freeKeyName(taken),
    prompt: `Writes NAME.pem in ${folder} (readable only by you) and the public NAME_tls.key in the director dir.`,
    validateInput: (n) =>
      keyNameProblem(n.trim()) ??
      (taken(n.trim())
        ? `${n.trim()}.pem or ${n.trim()}_tls.key exists already, and a key is never overwritten: choose another name.`
        : undefined),
  });
  if (name === undefined) return;
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await mkdir(dir, { recursive: true });
  let file: string;
  try {
    file = (await keygenIn(s, folder, name.trim())).privateKeyFile;
  } catch (e) {
    await s.state.refreshAvailable();
    await showErrorFailure(
      { log: s.log, problems: s.problems, baseDir: folder, directorDir: dir },
      'Generating the key pair failed',
      e,
      [],
    );
    return;
  }
  await s.state.refreshAvailable();
  chmodSync(file, 0o600);
  await s.context.globalState.update(LAST_KEY, file);
  const remembered = s.context.workspaceState.get<Partial<GensrcChoices>>(MEMENTO.gensrc, {});
  await s.context.workspaceState.update(MEMENTO.gensrc, { ...remembered, keyFile: file });
  checkedKeys.add(file);
  if (where.folder === undefined) void warnKeyInWorkTree(file, s.log);
  const USE = 'Use in Workspace Settings';
  const picked = await vscode.window.showInformationMessage(
    `Wrote the private key ${file} (readable only by you) and ${name.trim()}_tls.key in the director dir. Generate Source Package signs with it.`,
    USE,
  );
  if (picked === USE)
    await vscode.workspace
      .getConfiguration(SETTINGS.section)
      .update(SETTINGS.privateKeyPath, file, vscode.ConfigurationTarget.Workspace);
}

async function showContents(s: Services, arg: unknown): Promise<void> {
  const data = nodeData(arg);
  let file = data?.kind === 'package' ? data.path : data?.kind === 'source' ? (data.path ?? undefined) : undefined;
  if (file === undefined) {
    await s.state.refreshAvailable();
    const items = (s.state.available?.groups ?? []).flatMap((g) =>
      g.packages.map((p) => ({ label: p.file, description: p.hash.slice(0, 12), file: p.path })),
    );
    file = (await vscode.window.showQuickPick(items, { title: 'Show the contents of which package?' }))?.file;
    if (file === undefined) return;
  }
  const shown = file;
  let members: readonly { name: string; size: number }[];
  try {
    members = (
      await s.runner.call(
        `tlsinfo ${shown} contents`,
        (host, o) => host.tlsinfo(shown, o),
        (r) => r.members.map((m) => ({ level: 'info' as const, text: ` ${String(m.size).padStart(6)}  ${m.name}` })),
      )
    ).members;
  } catch (e) {
    void showFailure(s.log, `Reading ${path.basename(file)} failed: ${codedLine(e)}`);
    return;
  }
  const picked = await vscode.window.showQuickPick(
    members.map((m) => ({ label: m.name, description: `${m.size} bytes` })),
    { title: `${path.basename(file)}: open a file read-only` },
  );
  if (picked === undefined) return;
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(memberUri(file, picked.label)), {
    preview: true,
  });
}

export function registerPackageCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.gensrc, () => gensrc(s)),
    vscode.commands.registerCommand(COMMANDS.keygen, () => keygen(s)),
    vscode.commands.registerCommand(COMMANDS.showContents, (arg?: unknown) => showContents(s, arg)),
  ];
}
