/**
 * The lifecycle sections of one actor as the Director receives them in DefineGroup: what a TLI
 * file's Actors entry holds once checked (config-lang/src/tli.ts derives its type from the TLI
 * schema and proves it equal to these). A wire shape, so it lives with the Director messages.
 */
import type { JsonValue } from './json-value';

export interface TliOnLoad {
  readonly Role?: string;
  /**
   * Present means sent, whatever its value: 0, "", false and null are all sent (null arrives as
   * null). Absent means never sent.
   */
  readonly Message?: JsonValue;
  readonly GlobalName?: string;
}

export interface TliMessageSection {
  /** As {@link TliOnLoad.Message}: present means sent, absent means never sent. */
  readonly Message?: JsonValue;
}

export interface TliActor {
  readonly OnLoad?: TliOnLoad;
  readonly OnReactivate?: TliMessageSection;
  readonly OnDeactivate?: TliMessageSection;
}
