/**
 * `tli-language-server --stdio`: the TLI language server as its own process (bundled to
 * dist/tli-language-server.js). vscode-languageserver picks the transport from the arguments
 * (`--stdio`, `--node-ipc`, `--socket=N`).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const transports = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];
if (!process.argv.slice(2).some((a) => transports.some((t) => a.startsWith(t)))) {
  process.stderr.write(
    'usage: tli-language-server --stdio   (an LSP server for *.tli, othercaps.cfg and thesplog.cfg)\n',
  );
  process.exit(2);
}
startServer(createConnection(ProposedFeatures.all));
