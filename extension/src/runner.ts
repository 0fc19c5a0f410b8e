/**
 * Calls the package's typed toolchain functions with the extension's director dir: `data` for the
 * views, `tools` for gensrc, load and unload, `call` for everything else (refresh, start,
 * shutdown, rollout, keygen, convsecret, convcert, tlsinfo). Results and coded errors are data;
 * nothing printed is parsed. `run` is left for the one document shown as the command prints
 * it (a package member, `tlsinfo FILE MEMBER`), through DirectorControl. Both live in
 * dist/extension-host.js, loaded on the first run, not at activation.
 */
import * as vscode from 'vscode';
import type { TextSink, ToolchainOptions } from '../../cli/src/index';
import { codeOf, messageOf } from '../../runtime/src/protocol/caught';
import { skippedLine } from './model/refresh-report';
import { loadHost, type Host } from './host-loader';
import { bindTools, loadLine, unloadLine, warningText, type CycleTools } from './live/live-cycle';

export interface RunResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** One line for the log channel. */
export interface LogLine {
  readonly level: 'info' | 'error';
  readonly text: string;
}

function sink(buffer: string[], write: (line: string) => void): TextSink {
  let partial = '';
  return {
    write(text: string) {
      buffer.push(text);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) write(l);
    },
  };
}

/** A call of the toolchain API that gave up waiting (the call itself finishes in the background). */
export class TimedOut extends Error {
  readonly code = 'TIMED_OUT';
}

export class DirectorRunner {
  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly directorDir: () => string,
    private readonly cwd: () => string,
  ) {}

  /** The environment commands see: the extension host's, with the director dir in force. */
  env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, THESPIAN_DIRECTOR_DIR: this.directorDir() };
    // In desktop VS Code process.execPath is Electron: a child started with it must run as Node.
    if (process.versions['electron'] !== undefined) env['ELECTRON_RUN_AS_NODE'] = '1';
    return env;
  }

  /**
   * One call of the package's typed toolchain API (avail, list, keys) with the extension's director
   * dir and environment: data, not text. Traced like a command; gives up after `timeoutMs` with
   * TimedOut, so that the views never wait on an answer that does not come.
   */
  async data<T>(
    what: string,
    call: (host: Host, options: ToolchainOptions) => Promise<T>,
    timeoutMs: number,
  ): Promise<T> {
    const started = Date.now();
    this.log.trace(`> ${what}()`);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        call(loadHost(), { directorDir: this.directorDir(), env: this.env(), cwd: this.cwd() }),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new TimedOut(`${what} did not answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.log.trace(`< ${what}() (${Date.now() - started} ms)`);
    }
  }

  /**
   * gensrc, load and unload as the package's typed functions, with the extension's director dir:
   * results and coded errors as data. Each call is logged as its command would be (the command
   * line, what it wrote or loaded, its warnings, its error), for the user to read.
   */
  tools(): CycleTools {
    const host = loadHost();
    const bound = bindTools(host, { directorDir: this.directorDir(), env: this.env(), cwd: this.cwd() });
    const logged = <T>(what: string, call: () => Promise<T>, done: (r: T) => string): Promise<T> =>
      this.logged(what, call, (r) => [{ level: 'info', text: done(r) }]);
    return {
      gensrc: (o) =>
        logged(
          `gensrc ${o.group} ${o.sourcesDir} version:${o.version ?? '(none)'}`,
          () => bound.gensrc(o),
          (r) => {
            for (const w of r.warnings) this.log.warn(`Warning: ${warningText(w)}`);
            return `Wrote ${r.file}`;
          },
        ),
      load: (target) =>
        logged(
          `load ${target}`,
          () => bound.load(target),
          (r) => {
            for (const m of r.skipped) this.log.warn(skippedLine('load', m));
            return loadLine(r);
          },
        ),
      unload: (hash) => logged(`unload ${hash}`, () => bound.unload(hash), unloadLine),
      problemsOf: (e) => bound.problemsOf(e),
    };
  }

  /**
   * One call of the package's typed toolchain (refresh, start, shutdown) with the extension's
   * director dir and environment, logged as its command would be: the command line, then the
   * lines `done` makes of the result (the last with the time taken), or the coded error.
   */
  call<T>(
    what: string,
    call: (host: Host, options: ToolchainOptions) => Promise<T>,
    done: (r: T) => readonly LogLine[],
  ): Promise<T> {
    return this.logged(
      what,
      () => call(loadHost(), { directorDir: this.directorDir(), env: this.env(), cwd: this.cwd() }),
      done,
    );
  }

  private async logged<T>(what: string, call: () => Promise<T>, done: (r: T) => readonly LogLine[]): Promise<T> {
    const started = Date.now();
    this.log.info(`> director ${what}`);
    try {
      const r = await call();
      const lines = done(r);
      lines.forEach((l, i) => {
        const text = i === lines.length - 1 ? `${l.text} (${Date.now() - started} ms)` : l.text;
        if (l.level === 'error') this.log.error(text);
        else this.log.info(text);
      });
      if (lines.length === 0) this.log.info(`(${Date.now() - started} ms)`);
      return r;
    } catch (e) {
      const code = codeOf(e);
      this.log.error(`director: ${messageOf(e)}${code !== undefined ? ` [${code}]` : ''}`);
      throw e;
    }
  }

  /** A command as it prints (a package member's text), run through DirectorControl in the director dir. */
  async run(args: readonly string[]): Promise<RunResult> {
    const out: string[] = [];
    const err: string[] = [];
    const info = (l: string): void => this.log.info(l);
    info(`> director ${args.join(' ')}`);
    const { DirectorControl } = loadHost();
    const dc = new DirectorControl({
      directorDir: this.directorDir(),
      env: this.env(),
      cwd: this.cwd(),
      out: sink(out, info),
      err: sink(err, (l) => this.log.error(l)),
      verbose: false,
    });
    const [name, ...rest] = args;
    const started = Date.now();
    const code = await dc.call(name ?? 'help', ...rest);
    info(`< exit ${code} (${Date.now() - started} ms)`);
    return { code, out: out.join(''), err: err.join('') };
  }
}
