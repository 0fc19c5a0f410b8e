/** Which schema a document gets, from its file name. */
export type FileKind = 'tli' | 'othercaps' | 'thesplog';

export function fileKindOf(uriOrPath: string): FileKind | undefined {
  const name = decodeURIComponent(uriOrPath.split(/[\\/]/).pop() ?? '').toLowerCase();
  if (name.endsWith('.tli')) return 'tli';
  if (name === 'othercaps.cfg') return 'othercaps';
  if (name === 'thesplog.cfg') return 'thesplog';
  return undefined;
}
