/**
 * Group names are `[A-Za-z_][A-Za-z0-9_]*`: the file name `GROUP-VERSION.tls` is
 * split at the first `-`, and the original cut `my.app` to `my`, so neither may appear in a group.
 */
const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `name` is a valid group name. */
export function isGroupName(name: string): boolean {
  return GROUP_NAME.test(name);
}

/** Why `name` is not a group name, in words for an error message; undefined when it is valid. */
export function groupNameProblem(name: string): string | undefined {
  if (GROUP_NAME.test(name)) return undefined;
  if (name === '') return 'a group name cannot be empty';
  const bad: string[] = [];
  if (name.includes('-')) bad.push('"-" (it separates the group from the version in GROUP-VERSION.tls)');
  if (name.includes('.')) bad.push('"." (it starts the file extension)');
  const others = [...new Set(name.replace(/[A-Za-z0-9_.-]/g, ''))];
  if (others.length > 0) bad.push(others.map((c) => JSON.stringify(c)).join(', '));
  if (/^[0-9]/.test(name)) bad.push('a leading digit');
  return (
    `"${name}" is not a valid group name: it contains ${bad.join(' and ')}. ` +
    'A group name is letters, digits and "_", not starting with a digit (for example my_app).'
  );
}
