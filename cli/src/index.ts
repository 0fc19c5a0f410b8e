/**
 * The package's public entry: `import { Actor, ActorSystem, DirectorControl } from 'thespian-director'`.
 *
 * An explicit list, written out name by name so that nothing becomes public API by accident: docs/api.md
 * lists the same names, and test/cli/public-api.test.ts fails when the two differ. Actor code running
 * inside a loaded source gets the runtime's actor API (runtime/src/actors) for `thespian-director`,
 * which this entry does not change.
 */

// Actors and the messages an actor sends or receives.
export {
  Actor,
  ActorSystemError,
  formatAddress,
  isActorAddress,
  sameAddress,
  isSystemMessage,
  systemAdminAddress,
  actorExitRequest,
  childActorExited,
  poisonMessage,
  wakeupMessage,
  deadEnvelope,
  handleDeadLetters,
  notifyOnSystemRegistration,
  actorSystemConventionUpdate,
  updateCapability,
  updateTroupeSettings,
  loadedSource,
  unloadedSource,
  validateSource,
  validatedSource,
  rejectedSource,
  type ActorAddress,
  type ActorCreateOptions,
  type ActorSpec,
  type ActorSystemErrorCode,
  type Capabilities,
  type CreateActorOptions,
  type Logger,
  type LoggerFactory,
  type TroupeSettings,
  type SystemMessage,
  type SystemMessageType,
  type ActorExitRequest,
  type ChildActorExited,
  type PoisonMessage,
  type WakeupMessage,
  type DeadEnvelope,
  type HandleDeadLetters,
  type NotifyOnSystemRegistration,
  type ActorSystemConventionUpdate,
  type UpdateCapability,
  type UpdateTroupeSettings,
  type LoadedSource,
  type UnloadedSource,
  type ValidateSource,
  type ValidatedSource,
} from '../../runtime/src/actors';
export type { JsonValue } from '../../runtime/src/protocol/json-value';

// Programs that talk to an actor system.
export {
  ActorSystem,
  DaemonActorSystem,
  SimpleActorSystem,
  type ConnectOptions,
  type SimpleOptions,
  type ActorCreateRequest,
  type Delivered,
} from '../../runtime/src/actor-system';

// The Director: its global name and the requests and replies a program exchanges with it.
export {
  DIRECTOR_GLOBAL_NAME,
  isDirectorReply,
  type DirectorOpName,
  type DirectorRequest,
  type DefineGroupRequest,
  type LoadSourceRequest,
  type UnloadSourceRequest,
  type RetrieveAllRequest,
  type RetrieveRoleRequest,
  type RequestNotificationRequest,
  type DirectorReply,
  type FailureFields,
  type DeclaredGroupReply,
  type ActorOutcome,
  type SourceLoadedSuccess,
  type SourceLoadedReply,
  type SourceUnloadedReply,
  type ActorStatus,
  type RunningActorInfo,
  type SourceInfo,
  type GroupInfo,
  type AllAddressesReply,
  type RoleAddressReply,
  type NotificationOfUpdate,
  type ErrorReply,
  type DirectorEvent,
} from '../../runtime/src/protocol/director-messages';

// The `director` commands, run from a program.
export { DirectorControl, type DirectorControlOptions } from './director-control';
export { allCommands } from './registry';
export type { CommandSpec, CommandContext, TextSink } from '../framework/command';

// The toolchain as typed data (what `avail --json`, `list --json` and the Keys view show; gensrc, load, unload,
// refresh, start, shutdown).
export {
  avail,
  list,
  describeKeys,
  gensrc,
  load,
  unload,
  refresh,
  start,
  shutdown,
  rollout,
  problemsOf,
  type GensrcOptions,
  type GensrcReport,
  type GensrcWarning,
  type LoadOutcome,
  type LoadReport,
  type UnloadReport,
  type RefreshedGroup,
  type RefreshReport,
  type StartReport,
  type ShutdownReport,
  type ToolchainProblem,
  type ToolchainOptions,
  type AvailReport,
  type AvailReportPackage,
  type ListReport,
  type ListedSource,
  type ListedActor,
  type KeyInfo,
} from './toolchain';
export {
  keygen,
  convsecret,
  convcert,
  tlsinfo,
  config,
  configText,
  type AdminPortInForce,
  type ConfigReport,
  type KeygenReport,
  type ConvcertReport,
  type TlsInfo,
} from './toolchain-files';

// The daemon's admin link, typed (docs/admin-protocol.md).
export { connectDaemon, type ConnectDaemonOptions } from '../../runtime/src/client/connect-daemon';
export { AdminClient } from '../../runtime/src/client/admin-client';

// Errors.
export { DirectorError, type WireError } from '../../runtime/src/protocol/errors';
export { ConfigError, type ConfigErrorCode } from '../../runtime/src/config/config-error';

// Configuration and logging.
export { readConfig, loadConfig, type DirectorConfig } from '../../runtime/src/config/read-config';
export { DEFAULT_ADMIN_HOST, DEFAULT_ADMIN_PORT } from '../../runtime/src/config/config-files';
export { createLogging, type Logging } from '../../runtime/src/logging/create-logging';
export type { ThesplogConfig } from '../../config-lang/src/thesplog-schema';
