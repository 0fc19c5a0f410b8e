/**
 * What the views and the status bar show, in one place: the director dir's listing, the daemon's
 * state and its loaded sources. Refreshed on events only (file changes in the director dir,
 * daemon events, the extension's own commands); never on a timer.
 */
import * as vscode from 'vscode';
import type { AvailListing } from '../model/avail-listing';
import { loadedStateOf, type LoadedState } from '../model/loaded-state';
import type { DaemonState } from '../model/status-text';
import type { DirectorRunner } from '../runner';
import { coalesce } from '../model/coalesce';
import { readAvailable } from './available-source';
import { adminAddress, portOpen, type AdminAddress } from './daemon-probe';
import { codeOf, messageOf } from '../../../runtime/src/protocol/caught';
import type { AdminClient } from '../../../cli/src/index';
import { loadHost } from '../host-loader';

/** Longest wait for one `list()` of the Loaded view. */
const READ_DEADLINE_MS = 5_000;

export class DirectorState implements vscode.Disposable {
  available: AvailListing | undefined;
  loaded: LoadedState | undefined;
  daemon: DaemonState = 'unknown';
  admin: AdminAddress | undefined;
  /** Why the daemon is unreachable, for the tooltip and the log. */
  problem: string | undefined;
  /** When the last change reached the state (ms since epoch): the bench's "reached the tree". */
  lastChange = 0;

  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly refreshAvailable: () => Promise<void>;
  readonly refreshLoaded: () => Promise<void>;

  constructor(
    private readonly runner: DirectorRunner,
    private readonly directorDir: () => string,
    private readonly fallbackPort: () => number | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.refreshAvailable = coalesce(() => this.readAvailable());
    this.refreshLoaded = coalesce(() => this.readLoaded());
  }

  /**
   * An admin link to the director dir's daemon, named `clientName`: on the port the director dir
   * gives, else on the configured fallback port.
   */
  connect(clientName: string): Promise<AdminClient> {
    const port = this.fallbackPort();
    return loadHost().connectDaemon({
      directorDir: this.directorDir(),
      clientName,
      ...(port !== undefined && this.admin?.fromDir !== true ? { adminPort: port } : {}),
    });
  }

  refreshAll(): Promise<void> {
    return Promise.all([this.refreshAvailable(), this.refreshLoaded()]).then(() => undefined);
  }

  /** True while Start runs: a closed port then means "not up yet", not "stopped". */
  private starting = false;
  /** Until when a stop is expected (Shutdown ran): a stop before then is no crash. */
  private stopExpectedUntil = 0;

  /** Set while Start runs, so the status bar and the views both say so. */
  setStarting(): void {
    this.starting = true;
    this.daemon = 'starting';
    this.fire();
  }

  /** Start is over (either way): the next read says what runs. */
  doneStarting(): void {
    this.starting = false;
  }

  /** Shutdown is about to run: the stop that follows is expected. */
  expectStop(): void {
    this.stopExpectedUntil = Date.now() + 30_000;
  }

  /** Whether a stop seen now was asked for (and forgets the expectation). */
  takeExpectedStop(): boolean {
    const expected = Date.now() < this.stopExpectedUntil;
    this.stopExpectedUntil = 0;
    return expected;
  }

  private fire(): void {
    this.lastChange = Date.now();
    this.changed.fire();
  }

  private async readAvailable(): Promise<void> {
    try {
      this.available = await readAvailable(this.runner);
    } catch (e) {
      this.log.warn(`cannot read the director dir ${this.directorDir()}: ${messageOf(e)}`);
      this.available = { directorDir: this.directorDir(), groups: [] };
    }
    this.fire();
  }

  private async readLoaded(): Promise<void> {
    const admin = await adminAddress(this.directorDir(), this.fallbackPort());
    this.admin = admin;
    if (!(await portOpen(admin))) {
      this.daemon = this.starting ? 'starting' : 'stopped';
      this.loaded = undefined;
      this.problem = undefined;
      this.fire();
      return;
    }
    // A deadline, so that one answer that never comes cannot stall every later update.
    try {
      const report = await this.runner.data('list', (host, options) => host.list(options), READ_DEADLINE_MS);
      this.loaded = loadedStateOf(report);
      this.daemon = 'running';
      this.problem = undefined;
    } catch (e) {
      // The port was still open but no daemon answers: it is going away (a kill -9 just now).
      if (codeOf(e) === 'DIRECTOR_NO_DAEMON') {
        this.daemon = this.starting ? 'starting' : 'stopped';
        this.loaded = undefined;
        this.problem = undefined;
        this.fire();
        return;
      }
      const why = messageOf(e);
      if (this.problem !== why) this.log.warn(`daemon on ${admin.host}:${admin.port} did not answer list: ${why}`);
      this.daemon = 'unreachable';
      this.problem = why;
      this.loaded = undefined;
    }
    this.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
