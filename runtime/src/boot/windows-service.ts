/**
 * Windows: a real SCM service (the compiled wrapper of windows-wrapper.ts) created with sc.exe,
 * running as the low-privilege LocalService account, with THESPIAN_DIRECTOR_DIR in the service's
 * registry `Environment` value and restart-on-failure recovery actions. Pure: inputs in, plan out.
 */
import path from 'node:path';
import type { BootInputs } from './inputs';
import { SERVICE_DESCRIPTION, type BootPlan, type PlannedCommand } from './plan';
import { windowsWrapperSource } from './windows-wrapper';

export interface WindowsTools {
  /** The .NET Framework 4 C# compiler, e.g. C:\Windows\Microsoft.NET\Framework64\v4.0.30319\csc.exe. */
  readonly csc: string;
  /** %ProgramData%, where the wrapper lives. */
  readonly programData: string;
}

/** LocalService by its SID, so that the grant works whatever the system's language. */
export const LOCAL_SERVICE_SID = '*S-1-5-19';
export const LOCAL_SERVICE_ACCOUNT = 'NT AUTHORITY\\LocalService';

/** Where the .NET Framework 4 compiler is on a Windows host (Framework64 on 64-bit Windows). */
export function defaultCsc(env: { readonly [k: string]: string | undefined }, arch: string = process.arch): string {
  const windir = env['windir'] ?? env['SystemRoot'] ?? 'C:\\Windows';
  const framework = arch === 'ia32' && env['PROCESSOR_ARCHITEW6432'] === undefined ? 'Framework' : 'Framework64';
  return path.win32.join(windir, 'Microsoft.NET', framework, 'v4.0.30319', 'csc.exe');
}

export function windowsPlan(inputs: BootInputs, tools: WindowsTools): BootPlan {
  const name = inputs.name;
  const win = path.win32;
  const wrapperDir = win.join(tools.programData, 'thespian-director', name);
  const source = win.join(wrapperDir, `${name}-service.cs`);
  const exe = win.join(wrapperDir, `${name}-service.exe`);
  const directorDir = win.normalize(inputs.directorDir);
  const privateDir = win.normalize(inputs.privateDir);
  const logDir = win.normalize(inputs.logDir);
  const sc = (...args: string[]): PlannedCommand => ({ argv: ['sc.exe', ...args] });
  const commands: PlannedCommand[] = [
    {
      argv: [
        tools.csc,
        '/nologo',
        '/target:exe',
        '/optimize+',
        `/out:${exe}`,
        '/reference:System.ServiceProcess.dll',
        source,
      ],
    },
    { argv: ['icacls', privateDir, '/grant', `${LOCAL_SERVICE_SID}:(OI)(CI)M`] },
    { argv: ['icacls', logDir, '/grant', `${LOCAL_SERVICE_SID}:(OI)(CI)M`] },
    // binPath carries its own quotes so that a path with blanks is one program, not a guess.
    sc(
      'create',
      name,
      'binPath=',
      `"${exe}"`,
      'start=',
      'auto',
      'obj=',
      LOCAL_SERVICE_ACCOUNT,
      'password=',
      '',
      'DisplayName=',
      `Thespian Director (${name})`,
    ),
    sc('description', name, SERVICE_DESCRIPTION),
    {
      argv: [
        'reg',
        'add',
        `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${name}`,
        '/v',
        'Environment',
        '/t',
        'REG_MULTI_SZ',
        '/d',
        `THESPIAN_DIRECTOR_DIR=${directorDir}`,
        '/f',
      ],
    },
    sc('failure', name, 'reset=', '86400', 'actions=', 'restart/60000/restart/60000/restart/60000'),
    // Recovery also when the service stops with an error code, not only when it crashes.
    sc('failureflag', name, '1'),
  ];
  if (!inputs.nostart) commands.push(sc('start', name));
  return {
    manager: 'windows',
    serviceName: name,
    platform: 'windows',
    dirs: [wrapperDir, privateDir, logDir],
    files: [
      {
        path: source,
        content: windowsWrapperSource({
          serviceName: name,
          nodePath: inputs.nodePath,
          directorScript: inputs.directorScript,
        }),
        mode: 0o644,
      },
    ],
    mustFail: {
      command: sc('query', name),
      error: `a Windows service named "${name}" exists already; remove it first ("sc.exe stop ${name}", then "sc.exe delete ${name}") or choose another NAME`,
    },
    commands,
    notes: [
      `The service runs as ${LOCAL_SERVICE_ACCOUNT} and may write ${privateDir} and ${logDir}; node and ${inputs.directorScript} must be readable by it.`,
      `Status: sc.exe query ${name}; wrapper messages: the Application event log, source "${name}".`,
    ],
  };
}
