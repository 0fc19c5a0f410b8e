/**
 * Load, Load This Version, Refresh, Roll Out and Unload call the package's typed toolchain
 * (`load()`, `refresh()`, `rollout()`, `unload()`): data and coded errors, no output parsed.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { showErrorFailure, showFailure, type CommandFailure } from '../failure';
import { hashesToVersions, type ProblemLine } from '../model/failure-message';
import { failedGroups, lastGroupFailure, refreshLogLines, refreshSummary } from '../model/refresh-report';
import { loadArgs, rolloutArgs, unloadArgs } from '../model/command-args';
import type { NodeData } from '../model/tree-node';
import { packageData } from '../model/available-tree';
import { nodeData } from './node-arg';
import type { Services } from './services';
import { loadLine, unloadLine, type CycleTools } from '../live/live-cycle';
import { messageOf } from '../../../runtime/src/protocol/caught';

interface Pick extends vscode.QuickPickItem {
  readonly data: NodeData;
}

async function pickLoadTarget(s: Services): Promise<NodeData | undefined> {
  await s.state.refreshAvailable();
  const items: Pick[] = [];
  for (const g of s.state.available?.groups ?? []) {
    items.push({
      label: g.group,
      description: 'newest version',
      data: { kind: 'availGroup', group: g.group, tliPath: g.tliPath },
    });
    for (const p of g.packages) {
      items.push({
        label: `$(package) ${p.file}`,
        description: p.hash.slice(0, 12),
        data: packageData(g, p),
      });
    }
  }
  if (items.length === 0) {
    void showFailure(s.log, `Nothing to load: ${s.settings().directorDir} has no packages. Generate one first.`);
    return undefined;
  }
  return (
    await vscode.window.showQuickPick(items, {
      title: 'Load a group (newest version) or one package',
      matchOnDescription: true,
    })
  )?.data;
}

async function pickLoadedSource(s: Services): Promise<NodeData | undefined> {
  await s.state.refreshLoaded();
  const items: Pick[] = [];
  for (const g of s.state.loaded?.groups ?? []) {
    for (const src of g.sources) {
      items.push({
        label: `${g.group} ${src.version ?? ''}`.trim(),
        description: `${src.active ? 'ACTIVE · ' : ''}${src.hash.slice(0, 12)}`,
        data: {
          kind: 'source',
          group: g.group,
          hash: src.hash,
          version: src.version,
          path: src.path,
          active: src.active,
        },
      });
    }
  }
  if (items.length === 0) {
    void showFailure(
      s.log,
      s.state.daemon === 'running' ? 'Nothing is loaded.' : 'No daemon runs, so nothing is loaded. Start it first.',
    );
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: 'Unload a source' }))?.data;
}

/**
 * Where a failed command (Load, Unload, Refresh, Start) shows its problems, with the director dir
 * as base. `before` names sources the command may have removed; `warning` when the failure is only
 * part of what the command did (Start ran the daemon, a load failed).
 */
export function commandFailure(
  s: Services,
  o: { before?: ReadonlyMap<string, { group: string; version: string | null }>; warning?: boolean } = {},
): CommandFailure {
  const { directorDir } = s.settings();
  return {
    log: s.log,
    problems: s.problems,
    baseDir: directorDir,
    directorDir,
    known: new Map([...(o.before ?? []), ...knownSources(s)]),
    ...(o.warning === true ? { severity: 'warning' as const } : {}),
  };
}

/** Every hash the views know, with its group and version: messages name versions, not hashes. */
export function knownSources(s: Services): Map<string, { group: string; version: string | null }> {
  const m = new Map<string, { group: string; version: string | null }>();
  for (const g of s.state.available?.groups ?? [])
    for (const p of g.packages) if (p.hash !== '') m.set(p.hash, { group: g.group, version: p.version });
  for (const g of s.state.loaded?.groups ?? [])
    for (const src of g.sources) m.set(src.hash, { group: g.group, version: src.version });
  return m;
}

/**
 * Refresh: the newest version of every group, as `refresh()` data. A failing group is named in
 * the notification (the last one, as the command's last error line), every failing group's TLI
 * places go to the Problems view; when all loaded, the last group's line is shown.
 */
function refreshGroups(s: Services): Promise<boolean> {
  return callAndRefresh(
    s,
    'Loading the newest version of every group',
    () => s.runner.call('refresh', (host, o) => host.refresh(o), refreshLogLines),
    refreshSummary,
    (r, tools) => {
      const error = lastGroupFailure(r);
      return error === undefined
        ? undefined
        : { error, problems: failedGroups(r).flatMap((g) => tools.problemsOf(g.error)) };
    },
  );
}

/**
 * Roll Out as `rollout()`: its progress lines and final table go to the log as it prints them,
 * the last of them is the notification; a stop or refusal is its coded error.
 */
function rolloutAndRefresh(s: Services, target: string, parallel: number, title: string): Promise<boolean> {
  let last: string | undefined;
  return callAndRefresh(
    s,
    title,
    () =>
      s.runner.call(
        `rollout ${target} parallel:${parallel}`,
        (host, o) =>
          host.rollout(target, {
            ...o,
            parallel,
            onLine: (l) => {
              s.log.info(l);
              if (l.trim() !== '') last = l.trim();
            },
          }),
        () => [],
      ),
    () => last,
  );
}

/**
 * One toolchain call (load, unload, refresh, rollout) with a progress notification, then the
 * views read again. Its error, or the failure its result holds (refresh's failing groups), is
 * shown with its places in the Problems view; else its summary line, when it has one.
 */
async function callAndRefresh<T>(
  s: Services,
  title: string,
  call: (tools: CycleTools) => Promise<T>,
  summary: (r: T) => string | undefined,
  failureIn?: (r: T, tools: CycleTools) => { error: unknown; problems: readonly ProblemLine[] } | undefined,
): Promise<boolean> {
  const before = knownSources(s);
  const tools = s.runner.tools();
  let r: T;
  try {
    r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => call(tools));
  } catch (e) {
    await s.state.refreshAll();
    await showErrorFailure(commandFailure(s, { before }), `${title} failed`, e, tools.problemsOf(e));
    return false;
  }
  await s.state.refreshAll();
  const failed = failureIn?.(r, tools);
  if (failed !== undefined) {
    await showErrorFailure(commandFailure(s, { before }), `${title} failed`, failed.error, failed.problems);
    return false;
  }
  s.problems.clear();
  const line = summary(r);
  if (line !== undefined)
    void vscode.window.showInformationMessage(hashesToVersions(line, new Map([...before, ...knownSources(s)])));
  return true;
}

export function registerDirectorCommands(s: Services): vscode.Disposable[] {
  const load = async (arg?: unknown): Promise<void> => {
    const target = nodeData(arg) ?? (typeof arg === 'string' ? undefined : await pickLoadTarget(s));
    if (target === undefined && typeof arg !== 'string') return;
    const [, what = ''] = loadArgs(typeof arg === 'string' ? arg : target!);
    await callAndRefresh(s, `Loading ${what.replace(/^.*[\\/]/, '')}`, (tools) => tools.load(what), loadLine);
  };
  return [
    vscode.commands.registerCommand(COMMANDS.load, load),
    vscode.commands.registerCommand(COMMANDS.loadVersion, load),
    vscode.commands.registerCommand(COMMANDS.refresh, () => refreshGroups(s)),
    vscode.commands.registerCommand(COMMANDS.rollout, async (arg?: unknown) => {
      // From the convention's leader: the members one (or N) at a time, a failing one rolled back;
      // the progress and the final table are in the log, a refusal's code in the notification.
      const target = nodeData(arg) ?? (await pickLoadTarget(s));
      if (target === undefined) return;
      const parallel = await vscode.window.showQuickPick(
        [
          { label: 'One member at a time', n: 1 },
          { label: 'Two members at a time', n: 2 },
          { label: 'Four members at a time', n: 4 },
        ],
        { title: 'Roll out: how many members at once' },
      );
      if (parallel === undefined) return;
      let args: string[];
      try {
        args = rolloutArgs(target, parallel.n);
      } catch (e) {
        void showFailure(s.log, messageOf(e));
        return;
      }
      const [, what = ''] = args;
      if (await rolloutAndRefresh(s, what, parallel.n, `Rolling out ${what}`)) s.log.show(true);
    }),
    vscode.commands.registerCommand(COMMANDS.unload, async (arg?: unknown) => {
      const target = nodeData(arg) ?? (typeof arg === 'string' ? undefined : await pickLoadedSource(s));
      if (target === undefined && typeof arg !== 'string') return;
      let args: string[];
      try {
        args = unloadArgs(typeof arg === 'string' ? arg : target!);
      } catch (e) {
        void showFailure(s.log, messageOf(e));
        return;
      }
      if (s.settings().confirmUnload) {
        const what =
          target !== undefined && 'group' in target
            ? `${target.group} ${'version' in target ? (target.version ?? '') : ''}`.trim()
            : args[1];
        const ok = await vscode.window.showWarningMessage(
          `Unload ${what}? Its actors are stopped.`,
          { modal: true },
          'Unload',
        );
        if (ok !== 'Unload') return;
      }
      const [, hash = ''] = args;
      await callAndRefresh(
        s,
        `Unloading ${hashesToVersions(hash, knownSources(s))}`,
        (tools) => tools.unload(hash),
        unloadLine,
      );
    }),
  ];
}
