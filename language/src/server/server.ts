/**
 * The TLI language server: a thin adapter from LSP to the pure service (../service) and the
 * protocol's config validators. It owns only wiring: document sync, the workspace scanner for
 * actor classes, and turning results into LSP shapes.
 */
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { validateOthercaps } from '../../../config-lang/src/othercaps-schema';
import { validateThesplog } from '../../../config-lang/src/thesplog-schema';
import { codeActions, complete, hover, validate, type Diagnostic, type TliContext } from '../service';
import { fileKindOf } from './file-kind';
import { toLspCodeAction, toLspCompletion, toLspDiagnostic } from './convert';
import { WorkspaceScanner } from './workspace-scanner';

const SOURCE_FILE = /\.(?:[cm]?[tj]sx?)$/;

export interface ServerOptions {
  readonly scanner?: WorkspaceScanner;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const scanner = options.scanner ?? new WorkspaceScanner();
  let canWatch = false;

  async function contextFor(uri: string): Promise<TliContext> {
    if (!uri.startsWith('file:')) return {};
    try {
      return { modules: await scanner.modulesFor(fileURLToPath(uri)) };
    } catch (e) {
      connection.console.warn(`actor class scan failed for ${uri}: ${String(e)}`);
      return {};
    }
  }

  async function diagnose(doc: TextDocument): Promise<readonly Diagnostic[]> {
    const text = doc.getText();
    switch (fileKindOf(doc.uri)) {
      case 'tli':
        return validate(text, await contextFor(doc.uri));
      case 'othercaps':
        return validateOthercaps(text).diagnostics;
      case 'thesplog':
        return validateThesplog(text).diagnostics;
      default:
        return [];
    }
  }

  async function publish(doc: TextDocument): Promise<void> {
    const version = doc.version;
    const diagnostics = await diagnose(doc);
    // A newer edit may have arrived while the scan ran: its own run publishes.
    if (documents.get(doc.uri)?.version !== version) return;
    await connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: diagnostics.map(toLspDiagnostic) });
  }

  function publishSafely(doc: TextDocument): void {
    publish(doc).catch((e: unknown) => connection.console.error(`validation of ${doc.uri} failed: ${String(e)}`));
  }

  connection.onInitialize((params): InitializeResult => {
    canWatch = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ["'", '"', '.'] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'tli-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (canWatch) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.{ts,tsx,mts,cts,js,mjs,cjs}' }],
        })
        .catch((e: unknown) => connection.console.warn(`could not watch source files: ${String(e)}`));
    }
  });

  documents.onDidChangeContent((change) => publishSafely(change.document));
  documents.onDidClose((e) => {
    connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }).catch(() => undefined);
  });

  connection.onDidChangeWatchedFiles((params) => {
    let touched = false;
    for (const change of params.changes) {
      if (!change.uri.startsWith('file:') || !SOURCE_FILE.test(change.uri)) continue;
      scanner.invalidate(fileURLToPath(change.uri));
      touched = true;
    }
    if (touched) for (const doc of documents.all()) if (fileKindOf(doc.uri) === 'tli') publishSafely(doc);
  });

  connection.onCompletion(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || fileKindOf(doc.uri) !== 'tli') return [];
    const items = complete(doc.getText(), params.position, await contextFor(doc.uri));
    return items.map(toLspCompletion);
  });

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || fileKindOf(doc.uri) !== 'tli') return null;
    const h = hover(doc.getText(), params.position, await contextFor(doc.uri));
    return h ? { contents: { kind: 'markdown', value: h.contents }, range: h.range } : null;
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || fileKindOf(doc.uri) !== 'tli') return [];
    // Re-derived from the text rather than trusted from the client's copy of the diagnostics.
    const actions = codeActions(doc.getText(), { range: params.range, context: await contextFor(doc.uri) });
    return actions.map((a) => toLspCodeAction(doc.uri, a));
  });

  documents.listen(connection);
  connection.listen();
}
