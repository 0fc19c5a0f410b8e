/** The extension's pure models, one import for the adapters and the tests. */
export * from './tree-node';
export * from './context-values';
export * from './avail-listing';
export * from './avail-json';
export * from './loaded-state';
export * from './available-tree';
export * from './loaded-tree';
export * from './status-text';
export * from './command-args';
export * from './problem-lines';
export * from './ids';
export * from './settings-paths';
export * from './extension-error';
export * from './coalesce';
export * from './talk-input';
export * from './record-filter';
