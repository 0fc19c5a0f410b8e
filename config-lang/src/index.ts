/**
 * The TLI/config language of thespian-director: the JSON5 reader (with positions, and the
 * error-tolerant lexer completion needs), the TLI schema and its checks, and the schemas of the
 * director dir's cfg files (othercaps.cfg, thesplog.cfg and its log format strings). Problems are
 * diagnostics with stable codes and exact ranges, never exceptions.
 *
 * Rules: pure like the contracts leaf (its tsconfig has `"types": []`); it imports only
 * runtime/src/protocol, and protocol never imports it. Runtime, packager, the language service and
 * the extension share it, so the daemon, gensrc and the editor never disagree about a file.
 */
export * from './diagnostics';
export * from './json5';
export * from './tli';
export { wholeDocumentRange, type ValidationResult } from './cfg-report';
export * from './othercaps-schema';
export * from './log-format';
export * from './thesplog-schema';
