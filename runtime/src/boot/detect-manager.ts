/**
 * Which service manager runs this host. THESPIAN_BOOT_MANAGER names it outright (tests,
 * packagers building for another host); otherwise Windows by platform, systemd when
 * `systemctl --version` says systemd and /run/systemd/system exists (systemd is PID 1, not merely
 * installed), upstart when `initctl --version` says upstart and /etc/init is a folder.
 */
import { BootError, NO_MANAGER_EXIT_CODE } from './boot-error';
import { BOOT_MANAGERS, type BootManager } from './plan';

/** The host facts detection looks at, passed in so that detection is testable. */
export interface HostProbe {
  readonly platform: NodeJS.Platform;
  /** stdout of `PROGRAM --version`, or undefined when it cannot run. */
  versionOutput(program: 'systemctl' | 'initctl'): Promise<string | undefined>;
  isDirectory(p: string): Promise<boolean>;
}

export async function detectManager(
  env: { readonly [k: string]: string | undefined },
  host: HostProbe,
): Promise<BootManager> {
  const named = env['THESPIAN_BOOT_MANAGER'];
  if (named !== undefined && named.trim() !== '') {
    const m = named.trim().toLowerCase();
    if ((BOOT_MANAGERS as readonly string[]).includes(m)) return m as BootManager;
    throw new BootError(
      'BOOT_UNKNOWN_MANAGER',
      `THESPIAN_BOOT_MANAGER is "${named}": use one of ${BOOT_MANAGERS.join(', ')}, or unset it to detect the manager`,
      { exitCode: NO_MANAGER_EXIT_CODE, data: { value: named } },
    );
  }
  if (host.platform === 'win32') return 'windows';
  const systemctl = await host.versionOutput('systemctl');
  if (systemctl?.includes('systemd') === true && (await host.isDirectory('/run/systemd/system'))) return 'systemd';
  const initctl = await host.versionOutput('initctl');
  if (initctl?.includes('upstart') === true && (await host.isDirectory('/etc/init'))) return 'upstart';
  throw new BootError(
    'BOOT_NO_MANAGER',
    `cannot create boot configuration: no systemd (running as PID 1), upstart or Windows found on this ${host.platform} host. ` +
      'Set THESPIAN_BOOT_MANAGER=systemd|upstart|windows to name the manager, with THESPIAN_BOOT_ROOT=DIR to only write the files',
    { exitCode: NO_MANAGER_EXIT_CODE, data: { platform: host.platform } },
  );
}
