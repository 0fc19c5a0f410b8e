/** The extension's pure models, for the tests (no `vscode` import anywhere below). */
import * as model from '../../extension/src/model/index';
export { model };
export type * as Model from '../../extension/src/model/index';
