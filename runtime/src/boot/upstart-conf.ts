/**
 * upstart: /etc/init/NAME.conf that runs the foreground daemon at runlevels 2 and 3, respawns it
 * within a limit, and sources the optional environment file (spelled right, unlike the original's
 * /etc/syconfig). Pure: inputs in, plan out.
 */
import type { BootInputs } from './inputs';
import { SERVICE_DESCRIPTION, type BootPlan, type PlannedCommand } from './plan';
import { assertSafePosixPath, dashedName } from './posix-paths';
import { DAEMON_MALLOC_ARENAS } from '../daemon/malloc-arenas';

export const UPSTART_DIR = '/etc/init';
export const UPSTART_ENVIRONMENT_FILE = '/etc/sysconfig/thespian';

export function upstartConf(inputs: BootInputs): string {
  const program = `${inputs.nodePath} ${inputs.directorScript}`;
  return [
    '# Thespian Director: runs the director daemon in the foreground for upstart.',
    '# Written by "director bootstart"; run it again rather than editing this file.',
    `description "${SERVICE_DESCRIPTION}"`,
    '',
    'start on runlevel [23]',
    'stop on runlevel [!23]',
    '',
    // At most 5 respawns in 300 s, then upstart gives up; `director shutdown` (exit 0) is a
    // normal stop and is not respawned.
    'respawn',
    'respawn limit 5 300',
    'normal exit 0',
    'kill timeout 30',
    '',
    `env THESPIAN_DIRECTOR_DIR=${inputs.directorDir}`,
    // As `director start` runs it; the environment file sourced below may set another value.
    `env MALLOC_ARENA_MAX=${DAEMON_MALLOC_ARENAS}`,
    'export THESPIAN_DIRECTOR_DIR',
    '',
    'script',
    `  if [ -r ${UPSTART_ENVIRONMENT_FILE} ]; then`,
    `    set -a; . ${UPSTART_ENVIRONMENT_FILE}; set +a`,
    '  fi',
    `  exec ${program} start --foreground`,
    'end script',
    '',
    `pre-stop exec ${program} shutdown`,
    '',
  ].join('\n');
}

export function upstartPlan(inputs: BootInputs): BootPlan {
  for (const [what, p] of [
    ['the director dir', inputs.directorDir],
    ['node', inputs.nodePath],
    ['dist/director.js', inputs.directorScript],
  ] as const) {
    assertSafePosixPath(what, p);
  }
  const name = dashedName(inputs.name);
  const commands: PlannedCommand[] = [{ argv: ['initctl', 'reload-configuration'] }];
  if (!inputs.nostart) commands.push({ argv: ['initctl', 'start', name] });
  return {
    manager: 'upstart',
    serviceName: name,
    platform: 'posix',
    dirs: [],
    files: [{ path: `${UPSTART_DIR}/${name}.conf`, content: upstartConf(inputs), mode: 0o644 }],
    commands,
    notes: [`Status: initctl status ${name}; logs: ${inputs.logDir} and /var/log/upstart/${name}.log.`],
  };
}
