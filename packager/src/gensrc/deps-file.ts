/** The `deps:` file: one npm package name per line; blank lines and `#` comments skipped. */
import { PackagerError } from '../errors';

const NPM_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/i;

/** The package names in a deps file's text. `file` is for messages. */
export function parseDepsFile(text: string, file: string): string[] {
  const names: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!NPM_NAME.test(line)) {
      const versioned = /[@=<>~^ ]/.test(line.slice(1));
      throw new PackagerError(
        'DEPS_BAD_LINE',
        `${file}:${i + 1}: ${JSON.stringify(line)} is not a package name.${versioned ? ' Give the name alone: gensrc packages the installed version, it does not resolve versions.' : ''}`,
        { data: { file, line: i + 1 } },
      );
    }
    if (!names.includes(line)) names.push(line);
  }
  return names;
}
