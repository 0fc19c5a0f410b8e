/**
 * The package's public entry: `import { Actor, ActorSystem, DirectorControl } from 'thespian-director'`.
 * PLACEHOLDER: each part adds its exports here as it lands.
 */
export * from '../../runtime/src/protocol';
