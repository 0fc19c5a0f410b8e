/** The packager's API: the commands, and the functions the VS Code extension and tests call. */
export { packagerCommands } from './commands';
export {
  generateKeyPair,
  DEFAULT_RSA_BITS,
  type KeyPairRequest,
  type KeyPairResult,
  type KeyType,
} from './keygen/generate-key-pair';
export { gensrc, type GensrcEnv, type GensrcResult, type GensrcWarning } from './gensrc/gensrc';
export { parseGensrcArgs, dateVersion, type GensrcArgs } from './gensrc/args';
export { availReport, formatAvail, type AvailReport, type AvailPackage } from './avail/avail';
export { PackagerError, type PackagerErrorCode } from './errors';
