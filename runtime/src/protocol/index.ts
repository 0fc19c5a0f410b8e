/**
 * The contracts of thespian-director: every message that crosses a boundary (CLI/extension ↔
 * daemon, host ↔ host, daemon ↔ source worker, language client ↔ server), the signed package
 * format, the TLI and config schemas, version ordering, and error codes.
 *
 * Rules: this folder imports nothing else of the repo and no Node built-ins (its tsconfig has
 * `"types": []`). Every other part may import it. Crypto is passed in (see the crypto port).
 */
export * from './errors';
export * from './diagnostics';
export * from './json-value';
export * from './json5';
export * from './tli';
export * from './actor-address';
export { wholeDocumentRange, type ValidationResult } from './cfg-report';
export * from './othercaps-schema';
export * from './log-format';
export * from './thesplog-schema';
export * from './version-order';
export * from './group-name';
export * from './system-messages';
export * from './director-messages';
