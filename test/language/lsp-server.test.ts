import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  createProtocolConnection,
  type CompletionItem,
  type CompletionList,
  type PublishDiagnosticsParams,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const serverMain = path.join(repoRoot, 'out', 'language', 'src', 'server', 'main.js');

/** Diagnostics as they arrive, and a way to wait for the ones a test expects. */
class DiagnosticsLog {
  private readonly seen: PublishDiagnosticsParams[] = [];
  private readonly waiters: Array<() => void> = [];

  push(p: PublishDiagnosticsParams): void {
    this.seen.push(p);
    for (const w of this.waiters.splice(0)) w();
  }

  async waitFor(
    uri: string,
    ok: (codes: string[]) => boolean,
    what: string,
    timeoutMs = 15_000,
  ): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = [...this.seen].reverse().find((p) => p.uri === uri);
      if (last && ok(last.diagnostics.map((d) => String(d.code)))) return last;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last?.diagnostics.map((d) => d.code))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

function startServer(): {
  child: ChildProcess;
  connection: ProtocolConnection;
  log: DiagnosticsLog;
  stderr: () => string;
} {
  const child = spawn(process.execPath, [serverMain, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const log = new DiagnosticsLog();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => log.push(p));
  connection.onRequest(RegistrationRequest.type, () => undefined);
  connection.listen();
  return { child, connection, log, stderr: () => err };
}

async function stopServer(child: ChildProcess, connection: ProtocolConnection): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  try {
    await Promise.race([connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
    await connection.sendNotification(ExitNotification.type);
  } catch {
    // The server may already be gone; it is killed below either way.
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
  connection.dispose();
}

const items = (r: CompletionItem[] | CompletionList | null): CompletionItem[] =>
  Array.isArray(r) ? r : (r?.items ?? []);

test('the LSP server over stdio: initialize, didOpen, didChange, publishDiagnostics, completion, hover, quick fix, watched files, cfg files', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tli-lsp-'));
  const { child, connection, log, stderr } = startServer();
  try {
    await mkdir(path.join(dir, 'app'));
    await writeFile(
      path.join(dir, 'app', 'worker.ts'),
      "import { Actor } from 'thespian-director';\nexport class Worker extends Actor {}\n",
    );
    const tliPath = path.join(dir, 'app.tli');
    const uri = pathToFileURL(tliPath).href;
    const bad = "{\n  Actors: {\n    'app.workr': { onLoad: { Role: 'W' } },\n  },\n}\n";
    await writeFile(tliPath, bad);

    const init = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
      workspaceFolders: null,
    });
    assert.ok(init.capabilities.completionProvider, 'completion offered');
    assert.equal(init.capabilities.hoverProvider, true);
    await connection.sendNotification(InitializedNotification.type, {});

    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'tli', version: 1, text: bad },
    });
    const first = await log.waitFor(
      uri,
      (c) => c.includes('TLI_KEY_CASE') && c.includes('TLI_ACTOR_UNKNOWN'),
      'the first diagnostics',
    );
    const caseDiag = first.diagnostics.find((d) => d.code === 'TLI_KEY_CASE');
    assert.ok(caseDiag);
    assert.deepEqual(caseDiag.range, { start: { line: 2, character: 19 }, end: { line: 2, character: 25 } });
    assert.equal(caseDiag.severity, 1);
    const actorDiag = first.diagnostics.find((d) => d.code === 'TLI_ACTOR_UNKNOWN');
    const message = actorDiag?.message;
    assert.match(typeof message === 'string' ? message : (message?.value ?? ''), /did you mean 'app\.worker/);
    assert.equal(actorDiag?.severity, 2);

    const actions = await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: caseDiag.range,
      context: { diagnostics: [caseDiag] },
    });
    const fix = (actions ?? []).find((a) => 'edit' in a && a.title.includes('OnLoad'));
    assert.ok(fix && 'edit' in fix);
    assert.deepEqual(fix.edit?.changes?.[uri], [{ range: caseDiag.range, newText: 'OnLoad' }]);

    // An incremental edit: fix the case of onLoad and the actor path.
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: caseDiag.range, text: 'OnLoad' },
        { range: { start: { line: 2, character: 5 }, end: { line: 2, character: 14 } }, text: 'app.worker.Worker' },
      ],
    });
    const clean = await log.waitFor(uri, (c) => c.length === 0, 'clean diagnostics after didChange');
    assert.equal(clean.version, 2);

    const completion = await connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 3, character: 2 },
    });
    assert.ok(
      items(completion).some((i) => i.label === 'app.worker'),
      `actor paths completed: ${items(completion)
        .map((i) => i.label)
        .join(', ')}`,
    );
    const keys = await connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 2, character: 36 },
    });
    assert.deepEqual(
      items(keys).map((i) => i.label),
      ['Message', 'GlobalName'],
      'Role is already there',
    );

    const h = await connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 2, character: 31 },
    });
    assert.match(JSON.stringify(h?.contents), /Director creates this actor/);

    // A new source file, announced as a watched-file change, makes a new actor path valid.
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 3 },
      contentChanges: [{ text: "{ Actors: { 'app.boss.Boss': {} } }" }],
    });
    await log.waitFor(
      uri,
      (c) => c.length === 1 && c[0] === 'TLI_ACTOR_UNKNOWN',
      'an unknown actor before the file exists',
    );
    const boss = path.join(dir, 'app', 'boss.ts');
    await writeFile(boss, "import { Actor } from 'thespian-director';\nexport class Boss extends Actor {}\n");
    await connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(boss).href, type: FileChangeType.Created }],
    });
    await log.waitFor(uri, (c) => c.length === 0, 'clean after the source file appeared');

    // othercaps.cfg and thesplog.cfg get their own schemas.
    const caps = pathToFileURL(path.join(dir, 'othercaps.cfg')).href;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: caps, languageId: 'json5', version: 1, text: "{ 'Admin Port': 1900 }" },
    });
    await log.waitFor(caps, (c) => c.includes('OTHERCAPS_RESERVED_KEY'), 'othercaps diagnostics');
    const logCfg = pathToFileURL(path.join(dir, 'thesplog.cfg')).href;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: logCfg, languageId: 'json5', version: 1, text: '{ version: 1, ' },
    });
    await log.waitFor(logCfg, (c) => c.length > 0, 'thesplog diagnostics');
  } catch (e) {
    throw new Error(`${String(e)}\nserver stderr:\n${stderr()}`, { cause: e });
  } finally {
    await stopServer(child, connection);
    await rm(dir, { recursive: true, force: true });
  }
});

test('the server refuses to start without a transport argument, saying how to run it', async () => {
  const child = spawn(process.execPath, [serverMain], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  assert.equal(code, 2);
  assert.match(err, /usage: tli-language-server --stdio/);
});
