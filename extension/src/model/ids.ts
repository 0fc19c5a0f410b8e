/**
 * Every id the extension shares with its manifest (package.json `contributes`), declared once.
 * Pure data, so the unit tests check that package.json and these constants agree
 * (test/extension/manifest.test.ts).
 */
export const EXTENSION_ID = 'thespian-director.thespian-director';
export const CATEGORY = 'Thespian Director';

export const VIEW_CONTAINER = 'thespianDirector';
export const VIEWS = {
  available: 'thespianDirector.available',
  loaded: 'thespianDirector.loaded',
  keys: 'thespianDirector.keys',
  convention: 'thespianDirector.convention',
} as const;

/** Command id → palette title. Titles are shown as `Thespian Director: <title>`. */
export const COMMANDS = {
  gensrc: 'thespianDirector.gensrc',
  load: 'thespianDirector.load',
  loadVersion: 'thespianDirector.loadVersion',
  refresh: 'thespianDirector.refresh',
  unload: 'thespianDirector.unload',
  start: 'thespianDirector.start',
  shutdown: 'thespianDirector.shutdown',
  showConfig: 'thespianDirector.showConfig',
  showContents: 'thespianDirector.showContents',
  keygen: 'thespianDirector.keygen',
  convSecret: 'thespianDirector.convSecret',
  convCert: 'thespianDirector.convCert',
  revealPackage: 'thespianDirector.revealPackage',
  openTli: 'thespianDirector.openTli',
  copyHash: 'thespianDirector.copyHash',
  copyAddress: 'thespianDirector.copyAddress',
  reloadViews: 'thespianDirector.reloadViews',
  showOutput: 'thespianDirector.showOutput',
  showLoadedView: 'thespianDirector.showLoadedView',
  startLiveLoading: 'thespianDirector.startLiveLoading',
  stopLiveLoading: 'thespianDirector.stopLiveLoading',
  sendMessage: 'thespianDirector.sendMessage',
  askActor: 'thespianDirector.askActor',
  showActorLogs: 'thespianDirector.showActorLogs',
  debugDaemon: 'thespianDirector.debugDaemon',
  reloadKeys: 'thespianDirector.reloadKeys',
  reloadConvention: 'thespianDirector.reloadConvention',
  changePort: 'thespianDirector.changePort',
  rollout: 'thespianDirector.rollout',
} as const;

export type CommandKey = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandKey];

/** `when`-clause context keys the extension sets. */
export const CONTEXT_KEYS = {
  /** 'running' | 'stopped' | 'unreachable' | 'starting' | 'unknown' */
  daemonState: 'thespianDirector.daemonState',
  /** True when the director dir holds no .tls and no .tli. */
  dirEmpty: 'thespianDirector.dirEmpty',
  /** True while live loading runs for a group. */
  liveLoading: 'thespianDirector.liveLoading',
  /** True when the director dir does not exist yet. */
  dirMissing: 'thespianDirector.dirMissing',
} as const;

/** Settings, under `thespianDirector.`. */
export const SETTINGS = {
  section: 'thespianDirector',
  directorDir: 'directorDir',
  adminPort: 'adminPort',
  privateKeyPath: 'privateKeyPath',
  versionScheme: 'versionScheme',
  confirmUnload: 'confirmUnload',
  liveUnloadPrevious: 'liveLoading.unloadPrevious',
  debugPort: 'debug.inspectorPort',
  groups: 'groups',
} as const;

export const LANGUAGE_ID = 'tli';
export const OUTPUT_CHANNEL = 'Thespian Director';
/** The daemon's and actors' log records, streamed over the admin link. */
export const RECORDS_CHANNEL = 'Thespian Director: Records';

/** Workspace-state keys: choices remembered per workspace. */
export const MEMENTO = {
  gensrc: 'thespianDirector.gensrcChoices',
  /** Last message inputs per actor (Send Message… / Ask…). */
  talkInputs: 'thespianDirector.talkInputs',
  liveGroup: 'thespianDirector.liveGroup',
} as const;
