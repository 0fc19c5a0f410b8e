/**
 * The `contextValue` of every tree item kind, declared once: package.json's `menus` filter on
 * these exact strings (`viewItem == package.loaded`, `viewItem =~ /^package/`).
 */
export const CONTEXT = {
  availGroup: 'availGroup',
  /** A package file that is not loaded. */
  package: 'package',
  /** A package file whose hash is loaded but not active. */
  packageLoaded: 'package.loaded',
  /** A package file whose hash is the active source of its group. */
  packageActive: 'package.active',
  loadedGroup: 'loadedGroup',
  source: 'source',
  sourceActive: 'source.active',
  actor: 'actor',
  /** An actor with an address (running): "Copy Address" applies. */
  actorRunning: 'actor.running',
  message: 'message',
} as const;

export type ContextValue = (typeof CONTEXT)[keyof typeof CONTEXT];
