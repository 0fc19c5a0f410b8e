/**
 * The extension's entry (bundled as dist/extension.js). Activation wires the pieces and puts
 * every one on context.subscriptions; it reads nothing slow itself, so it stays fast: the
 * views fill in as the first refresh completes.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CONTEXT_KEYS, LANGUAGE_ID, OUTPUT_CHANNEL, SETTINGS, VIEWS } from './constants';
import { DirectorContentProvider, SCHEME } from './content-provider';
import { DirectorState } from './data/director-state';
import { registerConventionCommands } from './commands/convention-commands';
import { registerDaemonCommands } from './commands/daemon-commands';
import { registerDirectorCommands } from './commands/director-commands';
import { registerItemCommands } from './commands/item-commands';
import { registerPackageCommands } from './commands/package-commands';
import type { Services } from './commands/services';
import { availableTree } from './model/available-tree';
import { CONTEXT } from './model/context-values';
import { loadedTree } from './model/loaded-tree';
import { DirectorRunner } from './runner';
import { loadHost } from './host-loader';
import { readSettings, setWorkspaceStorage } from './settings';
import { guardDirectorDir } from './secrets-guard';
import { watchForCrash } from './daemon/crash-watch';
import { adminAddress } from './data/daemon-probe';
import { dirLabel } from './dir-label';
import { createStatusBar } from './status-bar';
import { NodeTreeProvider } from './views/node-tree-provider';
import { watchDirectorDir, whenDirExists } from './watch-director-dir';
import { subscribeDaemonEvents } from './daemon/daemon-events';
import { followDaemonLog } from './daemon/daemon-log';
import type { LoopApi } from './loop';
import { registerLoopShell } from './loop-commands';
import { messageOf } from '../../runtime/src/protocol/caught';

let client: LanguageClient | undefined;
let clientStarting: Promise<void> | undefined;

async function startLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<void> {
  try {
    const c = await loadHost().createLanguageClient(context, log);
    client = c;
    await c.start();
  } catch (e) {
    log.error(`the TLI language server did not start: ${messageOf(e)}`);
  }
}

async function stopLanguageClient(): Promise<void> {
  const c = client;
  client = undefined;
  clientStarting = undefined;
  await c?.stop();
}

/** What tests and the benchmark read from the running extension (returned by activate). */
export interface ExtensionApi {
  readonly activationMs: number;
  /** When the Loaded view last received new data (ms since epoch). */
  lastLoadedUpdate(): number;
  loadedLabels(): string[];
  daemonState(): string;
  /** The developer loop's parts (live loading, talk, records…), for tests; made on first use. */
  loop(): LoopApi;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  context.subscriptions.push(log);
  // The default director dir lives in this workspace's storage, outside the work tree.
  setWorkspaceStorage(context.storageUri);
  const settings = () => readSettings(context.globalStorageUri);
  const cwd = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? settings().directorDir;
  const runner = new DirectorRunner(log, () => settings().directorDir, cwd);
  const state = new DirectorState(
    runner,
    () => settings().directorDir,
    () => settings().adminPort,
    log,
  );
  const availableProvider = new NodeTreeProvider(new Set([CONTEXT.availGroup]));
  const loadedProvider = new NodeTreeProvider(new Set([CONTEXT.loadedGroup, CONTEXT.sourceActive, CONTEXT.source]));
  const availableView = vscode.window.createTreeView(VIEWS.available, {
    treeDataProvider: availableProvider,
    showCollapseAll: true,
  });
  const loadedView = vscode.window.createTreeView(VIEWS.loaded, {
    treeDataProvider: loadedProvider,
    showCollapseAll: true,
  });
  const problems = vscode.languages.createDiagnosticCollection('thespian-director');
  context.subscriptions.push(state, availableProvider, loadedProvider, availableView, loadedView, problems);

  let lastLoadedUpdate = 0;
  context.subscriptions.push(
    state.onDidChange(() => {
      availableProvider.setRoots(state.available === undefined ? [] : availableTree(state.available, state.loaded));
      loadedProvider.setRoots(state.loaded === undefined ? [] : loadedTree(state.loaded));
      lastLoadedUpdate = Date.now();
      void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.daemonState, state.daemon);
      void vscode.commands.executeCommand(
        'setContext',
        CONTEXT_KEYS.dirEmpty,
        (state.available?.groups.length ?? 0) === 0,
      );
      loadedView.message =
        state.daemon === 'unreachable'
          ? `Another program answers on port ${state.admin?.port ?? '?'}, not this director dir's daemon. Use Change Port, or stop that program.`
          : undefined;
    }),
  );

  const services: Services = {
    context,
    log,
    runner,
    state,
    settings,
    problems,
    loadedView,
    availableProvider,
    loadedProvider,
  };
  context.subscriptions.push(
    ...registerPackageCommands(services),
    ...registerDirectorCommands(services),
    ...registerDaemonCommands(services),
    ...registerItemCommands(services),
    ...registerConventionCommands(services),
    vscode.workspace.registerTextDocumentContentProvider(
      SCHEME,
      new DirectorContentProvider(runner, () => adminAddress(settings().directorDir, settings().adminPort)),
    ),
    createStatusBar(state),
    watchForCrash(state, () => settings().directorDir, log),
    // A file's gensrc/load problems go when the file is edited: the next run says what still holds.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && problems.has(e.document.uri)) problems.delete(e.document.uri);
    }),
  );
  const loop = registerLoopShell(services);
  context.subscriptions.push(...loop.disposables);

  // Terminals of this window run `director` against the same dir, and the Available view's
  // header says which dir that is.
  const showDir = (): void => {
    const dir = settings().directorDir;
    context.environmentVariableCollection.replace('THESPIAN_DIRECTOR_DIR', dir);
    context.environmentVariableCollection.description = `The Thespian Director dir of this workspace: ${dir}`;
    availableView.description = dirLabel(dir, context.storageUri?.fsPath);
  };
  showDir();

  // Live updates: the director dir's files (packages, TLIs, the daemon's record of loaded
  // sources) and the daemon's events. No timers.
  const watchAll = (dir: string): vscode.Disposable =>
    whenDirExists(dir, (createdNow) => {
      if (createdNow) void state.refreshAll();
      void guardDirectorDir(dir, context, log);
      return vscode.Disposable.from(watchDirectorDir(dir, state), followDaemonLog(dir, log));
    });
  let watcher = watchAll(settings().directorDir);
  // After activation returns: the first read loads the command code (extension-host.js).
  setImmediate(() => void state.refreshAll());
  let events = subscribeDaemonEvents(state, log);
  context.subscriptions.push(
    {
      dispose: () => {
        watcher.dispose();
        events.dispose();
      },
    },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SETTINGS.section)) return;
      watcher.dispose();
      events.dispose();
      showDir();
      watcher = watchAll(settings().directorDir);
      events = subscribeDaemonEvents(state, log);
      void state.refreshAll();
    }),
  );

  // The language server starts with the first .tli document, not with the views.
  const startClient = (doc: vscode.TextDocument): void => {
    if (doc.languageId !== LANGUAGE_ID || clientStarting !== undefined) return;
    clientStarting = startLanguageClient(context, log);
  };
  vscode.workspace.textDocuments.forEach(startClient);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(startClient), {
    dispose: () => void stopLanguageClient(),
  });

  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms; director dir ${settings().directorDir}`);
  return {
    activationMs,
    lastLoadedUpdate: () => lastLoadedUpdate,
    loadedLabels: () => flatten(loadedProvider.getRoots()),
    daemonState: () => state.daemon,
    loop: () => loop.api(),
  };
}

function flatten(nodes: readonly { label: string; description?: string; children: readonly unknown[] }[]): string[] {
  return nodes.flatMap((n) => [`${n.label} ${n.description ?? ''}`.trim(), ...flatten(n.children as typeof nodes)]);
}

export function deactivate(): Promise<void> {
  return stopLanguageClient();
}
