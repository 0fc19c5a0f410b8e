/**
 * The actor API: what actor code imports as `thespian-director` (inside a loaded source this very
 * module is what `require('thespian-director')` returns), and what the package root re-exports.
 */
export { Actor, type ActorCreateOptions, type Capabilities } from './actor';
export { ActorSystemError, type ActorSystemErrorCode } from './actor-system-error';
export type { TroupeSettings } from './troupe';
export type { Logger, LoggerFactory } from './logger';
export { formatAddress, isActorAddress, sameAddress, type ActorAddress } from '../protocol/actor-address';
export * from '../protocol/system-messages';
export type { ActorSpec, CreateActorOptions } from '../system/system-core';
