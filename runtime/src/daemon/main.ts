// The daemon process entry (dist/daemon.js). `director start` spawns it detached with
// `--spawned` (readiness over IPC); `--foreground` is for service managers (readiness with
// systemd-notify). The director dir is THESPIAN_DIRECTOR_DIR, as for every command.
import { resolveDirectorDir } from '../config/director-dir';
import { mapBundleStacks } from './bundle-stacks';
import { composeDaemon } from './daemon-composition';
import { runDaemonProcess } from './daemon-process';

// The bundle is minified: its stack traces name the TypeScript files through its source map.
mapBundleStacks(__filename);
const argv = process.argv.slice(2);
runDaemonProcess(
  composeDaemon({
    directorDir: resolveDirectorDir(process.env),
    env: process.env,
    foreground: argv.includes('--foreground'),
    reportToParent: argv.includes('--spawned'),
  }),
).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`daemon: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
