/**
 * The one JSON5 reader of the project (TLI, othercaps.cfg, thesplog.cfg), keeping positions so
 * that every diagnostic lands on its key or value. Hand-written (json5's own parser keeps no
 * positions and stops without a range); its values agree with json5's `parse`, which a
 * differential test proves. The parts live in ./json5/.
 */
export type { Json5Node, Json5Member, Json5Result } from './json5/nodes';
export type { Json5Code } from './json5/codes';
export type { Json5Token } from './json5/lexer';
export { Json5Lexer } from './json5/lexer';
export { LineIndex } from './json5/line-index';
export { parseJson5, nodeValue } from './json5/parser';
