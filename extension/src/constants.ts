/** The ids shared with package.json, declared once in model/ids.ts. */
export * from './model/ids';
