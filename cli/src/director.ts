// The `director` bin: `director [verbose] [command [args...]]`. Parses argv, builds the
// registry, runs the dispatcher, exits with the command's code.
import { dispatch } from './dispatch';
import { allCommands } from './registry';

async function main(): Promise<number> {
  return dispatch(process.argv.slice(2), {
    commands: allCommands(),
    env: process.env,
    cwd: process.cwd(),
    out: process.stdout,
    err: process.stderr,
  });
}

/**
 * Exit once both outputs have drained: a handle a command left open (a socket, a timer) must
 * not keep `director` running after its work is done, and no output may be cut off.
 */
function exitAfterFlush(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main().then(exitAfterFlush, (e: unknown) => {
  process.stderr.write(`director: ${e instanceof Error ? e.message : String(e)}\n`);
  exitAfterFlush(1);
});
