/**
 * The contracts of thespian-director: every message that crosses a boundary (CLI/extension ↔
 * daemon, host ↔ host, daemon ↔ source worker, language client ↔ server), the signed package
 * format, version ordering, and error codes. The TLI/config language (JSON5 reader, TLI and cfg
 * schemas) is its own project, config-lang/, which imports this one.
 *
 * Rules: this folder imports nothing else of the repo and no Node built-ins (its tsconfig has
 * `"types": []`). Every other part may import it. Crypto is passed in (see the crypto port).
 */
export * from './errors';
export * from './json-value';
export * from './actor-address';
export * from './version-order';
export * from './group-name';
export * from './system-messages';
export * from './director-messages';
export * from './actor-lifecycle';
