/** `director gensrc`: the CommandSpec around ./gensrc. */
import type { CommandSpec } from '../../../cli/framework/command';
import { GENSRC_SPEC, parseGensrcArgs } from './args';
import { gensrc, warningLine } from './gensrc';

export const gensrcCommand: CommandSpec = {
  ...GENSRC_SPEC,
  summary: 'Builds a signed, loadable source package (.tls) of a group from actor sources.',
  description: [
    'Transpiles each SRC (TypeScript or JavaScript, to CommonJS; nothing is executed), adds the',
    'npm packages listed in deps:FILE with their own dependencies, signs the result with',
    'PRIVATE_KEYFILE and writes $THESPIAN_DIRECTOR_DIR/GROUP-V.tls (GROUP.tls without version:).',
    '',
    '  GROUP            letters, digits and _ (no - or .).',
    '  PRIVATE_KEYFILE  PEM private key: Ed25519, or RSA of 2048 bits or more (see keygen).',
    '  SOURCES_DIR      root of the sources; paths below it are the names in the package.',
    '  version:V        letters, digits and . _ + ~ -; version:date is the local YYYYMMDDHHMM.',
    '  deps:FILE        npm package names, one per line (# comments); taken from node_modules',
    '                   found upward from SOURCES_DIR. Native addons are refused.',
    "  tli:FILE         the group's TLI (JSON5); default SOURCES_DIR/GROUP.tli. It is validated",
    '                   and copied to $THESPIAN_DIRECTOR_DIR/GROUP.tli. Its TLS_Keep_Limit then',
    "                   removes the group's oldest packages beyond that many.",
    "  maps:yes         put each transpiled file's source map (NAME.js.map, sources relative to",
    '                   SOURCES_DIR, no source text) in the package, for debugging; a release',
    '                   leaves it out (maps:no, the default).',
    '  SRC...           files or glob patterns (quote them; ** recurses) relative to SOURCES_DIR;',
    '                   a leading SOURCES_DIR/ is dropped. Options go before the first SRC.',
    '',
    'Relative PRIVATE_KEYFILE, deps: and tli: paths are taken from the current folder (the',
    'Python original took them from SOURCES_DIR). Prints "Wrote <path>". On any error nothing',
    'is written. Exit 3 when no SRC is given.',
  ].join('\n'),
  async run(ctx, args) {
    const a = parseGensrcArgs(args);
    const r = await gensrc(a, {
      directorDir: ctx.directorDir,
      cwd: ctx.cwd,
      now: () => new Date(),
      info: (line) => {
        if (ctx.verbose) ctx.out.write(line + '\n');
      },
      warn: (w) => ctx.err.write(warningLine(w) + '\n'),
    });
    ctx.out.write(`Wrote ${r.file}\n`);
    return 0;
  },
};
