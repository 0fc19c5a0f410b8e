// The daemon process entry (dist/daemon.js). `director start` spawns it detached with
// `--spawned` (readiness over IPC); `--foreground` is for service managers (readiness with
// systemd-notify). The director dir is THESPIAN_DIRECTOR_DIR, as for every command.
import { resolveDirectorDir } from '../config/director-dir';
import { conventionParts } from '../convention/convention-service';
import { createLocalSystem } from '../system/local-system';
import { runDaemonProcess } from './daemon-process';
import { daemonServices } from './services';

const argv = process.argv.slice(2);
const directorDir = resolveDirectorDir(process.env);
// The convention: messages for other systems' addresses, placement, and its service (last, so it
// starts after the Source Authority and the Director and stops before them).
const convention = conventionParts();
runDaemonProcess({
  directorDir,
  env: process.env,
  foreground: argv.includes('--foreground'),
  reportToParent: argv.includes('--spawned'),
  services: [...daemonServices(), convention.service],
  createSystem: async (o) =>
    convention.wrapSystem(await createLocalSystem({ ...o, remoteForward: convention.remoteForward, placeElsewhere: convention.placeElsewhere }), directorDir),
}).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`daemon: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
