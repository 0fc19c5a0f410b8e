/**
 * Show Config runs `config`, which reads only the director dir's cfg files. When the dir has no
 * `adminport.cfg` the extension uses its `thespianDirector.adminPort` setting instead, so the
 * listing would print the built-in default (1900) while the daemon runs elsewhere: this
 * rewrites the Admin Port line to the port in force and says where it comes from.
 */
export function configWithPortInForce(text: string, port: number | undefined, fromDir: boolean): string {
  if (port === undefined || fromDir) return text;
  return text.replace(
    /^(\s*Admin Port: )(.*)$/m,
    (_m, label: string) => `${label}${port} (the thespianDirector.adminPort setting; the dir has no adminport.cfg)`,
  );
}
