/**
 * "Start Live Loading" / "Stop Live Loading": while on, every save of one of the group's sources
 * (or its TLI) runs one cycle of live-cycle.ts: build with the dev key and a clock version, load,
 * unload the dev version it replaces. Saves during a cycle coalesce into one more cycle. Build
 * errors go to the Problems view on their lines and nothing is loaded; a failed load shows its
 * code. The status bar shows the live group and the last cycle's time.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, CONTEXT_KEYS, SETTINGS } from '../constants';
import { setProblems, showFailure } from '../failure';
import { keygenIn } from '../commands/package-commands';
import { defaultPatterns } from '../model/command-args';
import { parseJson5 } from '../../../config-lang/src/json5';
import { isPlainObject } from '../../../runtime/src/protocol/plain-object';
import type { Services } from '../commands/services';
import type { LoopCommands } from '../loop-commands';
import { devKeyPath, ensureDevKey } from './dev-key';
import { existingTli, workspaceGroups } from './groups';
import { runCycle, type CycleResult, type LiveTarget } from './live-cycle';
import { messageOf } from '../../../runtime/src/protocol/caught';

interface GroupItem extends vscode.QuickPickItem {
  readonly group: string;
  readonly sourcesDir: string;
  readonly tliFile: string;
}

/** True when the TLI sets AutoUnload: the Director then unloads older sources itself. */
export function tliAutoUnloads(tliFile: string | undefined): boolean {
  if (tliFile === undefined || !existsSync(tliFile)) return false;
  const v = parseJson5(readFileSync(tliFile, 'utf8')).value;
  const au = isPlainObject(v) ? v['AutoUnload'] : undefined;
  return au === true || typeof au === 'number';
}

export class LiveLoading implements vscode.Disposable {
  private target: LiveTarget | undefined;
  private readonly problems = vscode.languages.createDiagnosticCollection('thespian-director-live');
  private readonly item = vscode.window.createStatusBarItem('thespianDirector.live', vscode.StatusBarAlignment.Left, 9);
  private saveSub: vscode.Disposable | undefined;
  /** Dev versions this session loaded that are still loaded. */
  private devHashes: string[] = [];
  private running: Promise<void> | undefined;
  private again = false;
  /** The cycle in progress (one of the running loop's). */
  private current: Promise<void> | undefined;
  /** A daemon restart (Debug Daemon) that no cycle may overlap. */
  private held: Promise<unknown> | undefined;
  /** Every finished cycle, for tests and the status bar. */
  readonly history: CycleResult[] = [];
  private readonly done = new vscode.EventEmitter<CycleResult>();
  readonly onDidCycle = this.done.event;

  constructor(private readonly s: Services) {
    this.item.name = 'Thespian Director Live Loading';
    this.item.command = COMMANDS.stopLiveLoading;
  }

  get group(): string | undefined {
    return this.target?.group;
  }

  async pickAndStart(arg?: unknown): Promise<void> {
    const items: GroupItem[] = (await workspaceGroups(this.s.settings().directorDir)).map((g) => ({
      ...g,
      label: g.group,
      description: vscode.workspace.asRelativePath(g.sourcesDir),
    }));
    const wanted = typeof arg === 'string' ? items.find((i) => i.group === arg) : undefined;
    const picked =
      wanted ??
      (items.length === 1
        ? items[0]
        : await vscode.window.showQuickPick(items, { title: 'Start Live Loading: which group?' }));
    if (picked === undefined) {
      if (items.length === 0)
        void vscode.window.showWarningMessage(
          'Live loading needs a group: a GROUP.tli beside its GROUP/ folder in the workspace, or the thespianDirector.groups setting.',
        );
      return;
    }
    await this.start(picked);
  }

  private async start(g: GroupItem): Promise<void> {
    const storage = this.s.context.globalStorageUri.fsPath;
    let keyFile: string;
    try {
      keyFile = await ensureDevKey(storage, this.s.settings().directorDir, (cwd, name) => keygenIn(this.s, cwd, name));
    } catch (e) {
      void showFailure(
        this.s.log,
        `Live loading "${g.group}" has no key to sign with (${messageOf(e)}). The dev key is ${devKeyPath(storage)}, its public half goes into the director dir; delete a damaged key to have a new one made.`,
      );
      return;
    }
    const hasJs =
      (await vscode.workspace.findFiles(new vscode.RelativePattern(g.sourcesDir, `${g.group}/**/*.js`), null, 1))
        .length > 0;
    const depsFile = path.join(g.sourcesDir, 'deppkgs.txt');
    this.target = {
      group: g.group,
      sourcesDir: g.sourcesDir,
      keyFile,
      ...(existingTli(g) !== undefined ? { tliFile: g.tliFile } : {}),
      ...(existsSync(depsFile) ? { depsFile } : {}),
      patterns: hasJs ? defaultPatterns(g.group) : [`${g.group}/**/*.ts`],
    };
    this.devHashes = [];
    this.saveSub?.dispose();
    this.saveSub = vscode.workspace.onDidSaveTextDocument((doc) => {
      if (this.target !== undefined && this.covers(this.target, doc.uri.fsPath)) void this.schedule();
    });
    this.s.log.info(`live loading ${g.group} from ${g.sourcesDir}, signed with the dev key ${keyFile}`);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.liveLoading, true);
    this.show(undefined);
    // The current sources load right away, so the first save already replaces a dev version.
    await this.schedule();
  }

  stop(): void {
    this.saveSub?.dispose();
    this.saveSub = undefined;
    if (this.target !== undefined) this.s.log.info(`live loading of ${this.target.group} stopped`);
    this.target = undefined;
    this.item.hide();
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.liveLoading, false);
  }

  private covers(t: LiveTarget, file: string): boolean {
    if (file === t.tliFile) return true;
    const rel = path.relative(path.join(t.sourcesDir, t.group), file);
    return !rel.startsWith('..') && !path.isAbsolute(rel) && /\.(ts|js|json)$/.test(file);
  }

  /** One cycle now, or one more after the running one. */
  schedule(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        while (this.held !== undefined) await this.held.catch(() => undefined);
        this.current = this.cycle();
        await this.current.finally(() => (this.current = undefined));
      } while (this.again && this.target !== undefined);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * Runs `f` with no cycle in progress: it waits for the cycle running now, and a cycle due meanwhile
   * waits for `f`. Debug Daemon restarts the daemon this way; otherwise a cycle's `load` could start
   * a plain daemon between its shutdown and its `start --inspect`, which then finds one running.
   */
  async whileHeld<T>(f: () => Promise<T>): Promise<T> {
    const inCycle = this.current;
    const before = this.held; // a second restart waits for the first
    const run = (async () => {
      await inCycle?.catch(() => undefined);
      await before?.catch(() => undefined);
      return f();
    })();
    this.held = run;
    try {
      return await run;
    } finally {
      if (this.held === run) this.held = undefined;
    }
  }

  private async cycle(): Promise<void> {
    const t = this.target;
    if (t === undefined) return;
    this.item.text = `$(sync~spin) live: ${t.group}`;
    const unloadPrevious = vscode.workspace
      .getConfiguration(SETTINGS.section)
      .get<boolean>(SETTINGS.liveUnloadPrevious, true);
    const unloadAfter = unloadPrevious && !tliAutoUnloads(t.tliFile) ? [...this.devHashes] : [];
    const r = await runCycle(this.s.runner.tools(), t, unloadAfter);
    this.problems.clear();
    if (r.ok) {
      // Replaced versions are gone (unloaded here or by the TLI's AutoUnload); kept ones stay listed.
      const kept = unloadPrevious ? [] : this.devHashes;
      this.devHashes = [...kept, ...(r.hash !== undefined ? [r.hash] : [])];
      this.s.log.info(
        `live: ${t.group} ${r.version} loaded in ${r.ms.total.toFixed(0)} ms (build ${r.ms.build.toFixed(0)}, load ${r.ms.load.toFixed(0)}, unload ${r.ms.unload.toFixed(0)})`,
      );
      void this.s.state.refreshAll();
    } else {
      setProblems(
        this.problems,
        r.problems.map((p) => ({ p, file: p.file })),
        r.failedAt === 'build' ? 'live loading (esbuild)' : 'live loading',
      );
      const what =
        r.failedAt === 'build'
          ? `building ${t.group} failed; nothing was loaded`
          : `loading ${t.group} ${r.version} failed`;
      void showFailure(
        this.s.log,
        `Live loading: ${what}: ${r.code !== undefined ? `[${r.code}] ` : ''}${r.message ?? ''}`,
      );
    }
    this.history.push(r);
    this.show(r);
    this.done.fire(r);
  }

  private show(r: CycleResult | undefined): void {
    const t = this.target;
    if (t === undefined) return;
    this.item.text =
      r === undefined
        ? `$(zap) live: ${t.group}`
        : r.ok
          ? `$(zap) live: ${t.group} · ${r.ms.total.toFixed(0)} ms`
          : `$(error) live: ${t.group} · ${r.failedAt} failed`;
    this.item.tooltip = `Live loading ${t.group} from ${t.sourcesDir}: every save builds, loads and replaces the dev version.${r !== undefined ? `\nLast cycle ${r.version}: ${r.ok ? `${r.ms.total.toFixed(0)} ms` : `${r.code ?? ''} ${r.message ?? ''}`}` : ''}\nClick to stop.`;
    this.item.backgroundColor =
      r !== undefined && !r.ok ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.stop();
    this.problems.dispose();
    this.item.dispose();
    this.done.dispose();
  }
}

export function registerLiveLoading(s: Services): {
  live: LiveLoading;
  disposables: vscode.Disposable[];
  commands: LoopCommands;
} {
  const live = new LiveLoading(s);
  return {
    live,
    disposables: [live],
    commands: {
      [COMMANDS.startLiveLoading]: (arg?: unknown) => live.pickAndStart(arg),
      [COMMANDS.stopLiveLoading]: () => live.stop(),
    },
  };
}
