// TLI language service: full validation of a 1,000-line TLI after an edit (issue 7).
// Each round changes one character of one Role (as typing does), then runs the whole
// `validate(text, context)` the LSP server runs on didChange: JSON5 read, schema checks, actor
// paths against 200 scanned modules. Target: median <= 20 ms.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function bigTli(actors) {
  const lines = ['// generated for the language benchmark', '{', '  Actors: {'];
  for (let i = 0; i < actors; i++) {
    lines.push(
      `    'app.mod${i}.Actor${i}': {`,
      '      OnLoad: {',
      `        Role: 'role-${i}',`,
      `        Message: { start: true, id: ${i}, note: 'Start \${env:NOTE_${i}:-none}', list: [1, 2.5, 0x1F, .5] },`,
      `        GlobalName: "global ${i}",`,
      '      },',
      "      OnReactivate: { Message: ['Restart', true] }, /* back again */",
      '      OnDeactivate: { Message: { Shutdown: true, timeout: 3 } },',
      '    },',
    );
  }
  lines.push('  },', '  AutoUnload: 2,', '  TLS_Keep_Limit: 3,', '}');
  return lines.join('\n') + '\n';
}

export default async () => {
  const { validate } = require(path.join(root, 'out/language/src/service/index.js'));
  const actors = 111;
  let text = bigTli(actors);
  const lineCount = text.split('\n').length - 1;
  const context = {
    modules: Array.from({ length: 200 }, (_, i) => ({ module: `app.mod${i}`, classes: [`Actor${i}`] })),
  };
  const base = validate(text, context);
  if (base.length !== 0) throw new Error(`benchmark TLI is not clean: ${base[0].code} ${base[0].message}`);

  const times = [];
  for (let round = 0; round < 330; round++) {
    const i = round % actors;
    text = text.replace(`Role: 'role-${i}'`, `Role: 'role-${i}x'`).replace(`Role: 'role-${i}xx'`, `Role: 'role-${i}'`);
    const t0 = performance.now();
    const ds = validate(text, context);
    const dt = performance.now() - t0;
    if (ds.length !== 0) throw new Error(`edit made the TLI unclean: ${ds[0].message}`);
    if (round >= 30) times.push(dt); // the first rounds warm the JIT
  }
  const [median, p95] = stats(times);
  console.log(
    `language: validate ${lineCount}-line TLI after an edit: median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (${times.length} rounds)`,
  );
  const rows = [
    {
      area: 'language',
      name: `validate ${lineCount}-line TLI after an edit (median)`,
      value: median,
      unit: 'ms',
      target: '<= 20 ms',
    },
    { area: 'language', name: `validate ${lineCount}-line TLI after an edit (p95)`, value: p95, unit: 'ms' },
  ];
  const server = path.join(root, 'dist/tli-language-server.js');
  const [lspMedian, lspP95] = await serverRoundTrips(server, bigTli(actors), actors);
  rows.push({
    area: 'language',
    name: `LSP didChange -> publishDiagnostics, ${lineCount}-line TLI (median)`,
    value: lspMedian,
    unit: 'ms',
    note: `p95 ${lspP95.toFixed(2)} ms; real server process over stdio, full-text sync`,
  });
  return rows;
};

function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return [sorted[Math.floor(sorted.length / 2)], sorted[Math.floor(sorted.length * 0.95)]];
}

/** The same edits through the real server: time from didChange to its publishDiagnostics. */
async function serverRoundTrips(serverFile, text, actors) {
  const p = require('vscode-languageserver-protocol/node');
  const child = spawn(process.execPath, [serverFile, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = p.createProtocolConnection(
    new p.StreamMessageReader(child.stdout),
    new p.StreamMessageWriter(child.stdin),
  );
  let waiting;
  conn.onNotification(p.PublishDiagnosticsNotification.type, (d) => waiting?.(d));
  conn.listen();
  try {
    await conn.sendRequest(p.InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: null,
    });
    await conn.sendNotification(p.InitializedNotification.type, {});
    // An untitled document: no workspace scan, so this measures the server and the service.
    const uri = 'untitled:bench.tli';
    const published = (version) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${version} within 10 s`)), 10_000);
        waiting = (d) => {
          if (d.version !== version) return;
          clearTimeout(timer);
          resolve();
        };
      });
    let ready = published(1);
    await conn.sendNotification(p.DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'tli', version: 1, text },
    });
    await ready;
    const times = [];
    for (let round = 0; round < 130; round++) {
      const i = round % actors;
      text = text
        .replace(`Role: 'role-${i}'`, `Role: 'role-${i}x'`)
        .replace(`Role: 'role-${i}xx'`, `Role: 'role-${i}'`);
      const version = round + 2;
      ready = published(version);
      const t0 = performance.now();
      await conn.sendNotification(p.DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
      await ready;
      if (round >= 30) times.push(performance.now() - t0);
    }
    return stats(times);
  } finally {
    conn.dispose();
    child.kill();
  }
}
