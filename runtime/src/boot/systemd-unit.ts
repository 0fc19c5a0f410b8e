/**
 * systemd: a hardened Type=notify unit that runs the foreground daemon as the unprivileged
 * `thespian` user, plus the sysusers.d and tmpfiles.d lines that create that user and hand it the
 * daemon's private folder and the log dir. Pure: inputs in, plan out.
 */
import path from 'node:path';
import type { BootInputs } from './inputs';
import { SERVICE_USER } from './inputs';
import { SERVICE_DESCRIPTION, type BootPlan, type PlannedCommand } from './plan';
import { assertSafePosixPath, dashedName } from './posix-paths';
import { DAEMON_MALLOC_ARENAS } from '../daemon/malloc-arenas';

export const SYSTEMD_UNIT_DIR = '/etc/systemd/system';
export const SYSUSERS_FILE = `/etc/sysusers.d/${SERVICE_USER}.conf`;
export const TMPFILES_DIR = '/etc/tmpfiles.d';
/** Optional environment files: the original's (Red Hat spelling) and Debian's. */
export const ENVIRONMENT_FILES = ['/etc/sysconfig/thespian', '/etc/default/thespian'] as const;

export interface SystemdTools {
  /** Absolute path of systemd-tmpfiles (it fixes ownership before every start). */
  readonly systemdTmpfiles: string;
}

/**
 * The hardening, one setting a line. Every line is here because the daemon does not need what it
 * takes away; the two things it does need stay: writable-executable memory (V8's JIT, so no
 * MemoryDenyWriteExecute) and sockets (the admin port and convention links: AF_INET, AF_INET6;
 * AF_UNIX for systemd-notify).
 */
export const HARDENING: readonly string[] = [
  'NoNewPrivileges=yes',
  'CapabilityBoundingSet=',
  'AmbientCapabilities=',
  'ProtectSystem=strict',
  'ProtectHome=yes',
  'PrivateTmp=yes',
  'PrivateDevices=yes',
  'DevicePolicy=closed',
  'PrivateUsers=yes',
  'PrivateMounts=yes',
  'PrivateIPC=yes',
  'ProtectKernelTunables=yes',
  'ProtectKernelModules=yes',
  'ProtectKernelLogs=yes',
  'ProtectControlGroups=yes',
  'ProtectClock=yes',
  'ProtectHostname=yes',
  'ProtectProc=invisible',
  'ProcSubset=pid',
  'RestrictNamespaces=yes',
  'RestrictRealtime=yes',
  'RestrictSUIDSGID=yes',
  'LockPersonality=yes',
  'RemoveIPC=yes',
  'KeyringMode=private',
  'UMask=0077',
  'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX',
  'SystemCallArchitectures=native',
  'SystemCallFilter=@system-service',
  'SystemCallFilter=~@privileged @resources',
  // A refused call fails with EPERM instead of killing node: node tries setrlimit() at start-up
  // and carries on when it is refused.
  'SystemCallErrorNumber=EPERM',
];

/** The unit file's text. */
export function systemdUnit(inputs: BootInputs, tools: SystemdTools, tmpfilesFile: string): string {
  const program = `${inputs.nodePath} ${inputs.directorScript}`;
  return [
    '# Thespian Director: runs the director daemon in the foreground for systemd.',
    '# Written by "director bootstart"; run it again rather than editing this file.',
    '# The environment files may set other variables (NODE_OPTIONS, ...), but not',
    '# THESPIAN_DIRECTOR_DIR: the writable paths below are made for this director dir.',
    '[Unit]',
    `Description=${SERVICE_DESCRIPTION}`,
    // The package ships its docs beside dist/.
    `Documentation=file://${path.posix.join(path.posix.dirname(path.posix.dirname(inputs.directorScript)), 'docs', 'bootstart.md')}`,
    'Wants=network-online.target',
    'After=network-online.target',
    // Five failed starts within five minutes: stop trying and leave the unit failed.
    'StartLimitIntervalSec=300',
    'StartLimitBurst=5',
    '',
    '[Service]',
    'Type=notify',
    // The ready message comes from systemd-notify, a child of the daemon.
    'NotifyAccess=all',
    `User=${SERVICE_USER}`,
    `Group=${SERVICE_USER}`,
    `Environment=THESPIAN_DIRECTOR_DIR=${inputs.directorDir}`,
    // As `director start` runs it; an environment file below may set another value.
    `Environment=MALLOC_ARENA_MAX=${DAEMON_MALLOC_ARENAS}`,
    ...ENVIRONMENT_FILES.map((f) => `EnvironmentFile=-${f}`),
    // "+": runs as root outside the sandbox, to hand back files a root `director start` left behind.
    `ExecStartPre=+${tools.systemdTmpfiles} --create ${tmpfilesFile}`,
    `ExecStart=${program} start --foreground`,
    // No post-start refresh: it would run after every crash restart too and undo a rollback. The
    // daemon refreshes by itself on the first start after a machine boot (its start rules).
    `ExecStop=${program} shutdown`,
    'Restart=on-failure',
    'RestartSec=5',
    'TimeoutStartSec=90',
    'TimeoutStopSec=30',
    `ReadWritePaths=${inputs.privateDir} ${inputs.logDir}`,
    ...HARDENING,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** sysusers.d: the system account, created when missing (idempotent). */
export function sysusersConf(): string {
  return [
    '# Thespian Director service account; written by "director bootstart".',
    `u ${SERVICE_USER} - "Thespian Director" - -`,
    '',
  ].join('\n');
}

/**
 * tmpfiles.d: the private folder (0700) and the log dir (0750), owned by the service account,
 * ownership fixed recursively (Z) at boot and before every start.
 */
export function tmpfilesConf(inputs: BootInputs): string {
  const u = SERVICE_USER;
  return [
    '# Thespian Director: folders the service writes; written by "director bootstart".',
    `d ${inputs.privateDir} 0700 ${u} ${u} -`,
    `Z ${inputs.privateDir} - ${u} ${u} -`,
    `d ${inputs.logDir} 0750 ${u} ${u} -`,
    `Z ${inputs.logDir} - ${u} ${u} -`,
    '',
  ].join('\n');
}

export function systemdPlan(inputs: BootInputs, tools: SystemdTools): BootPlan {
  for (const [what, p] of [
    ['the director dir', inputs.directorDir],
    ['the log dir', inputs.logDir],
    ['node', inputs.nodePath],
    ['dist/director.js', inputs.directorScript],
    ['systemd-tmpfiles', tools.systemdTmpfiles],
  ] as const) {
    assertSafePosixPath(what, p);
  }
  const name = dashedName(inputs.name);
  const unitFile = `${SYSTEMD_UNIT_DIR}/${name}.service`;
  const tmpfilesFile = `${TMPFILES_DIR}/${name}.conf`;
  const commands: PlannedCommand[] = [
    { argv: ['systemd-sysusers', SYSUSERS_FILE] },
    { argv: ['systemd-tmpfiles', '--create', tmpfilesFile] },
    { argv: ['systemctl', 'daemon-reload'] },
    { argv: ['systemctl', 'enable', name] },
  ];
  if (!inputs.nostart) commands.push({ argv: ['systemctl', 'start', '--no-block', name] });
  return {
    manager: 'systemd',
    serviceName: name,
    platform: 'posix',
    dirs: [],
    files: [
      { path: SYSUSERS_FILE, content: sysusersConf(), mode: 0o644 },
      { path: tmpfilesFile, content: tmpfilesConf(inputs), mode: 0o644 },
      { path: unitFile, content: systemdUnit(inputs, tools, tmpfilesFile), mode: 0o644 },
    ],
    commands,
    notes: [
      `The service runs as user "${SERVICE_USER}" and may write only ${inputs.privateDir} and ${inputs.logDir}.`,
      `Status: systemctl status ${name}; logs: journalctl -u ${name} and ${inputs.logDir}.`,
    ],
  };
}
