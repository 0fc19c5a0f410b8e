import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { TextSink } from '../../../cli/framework/command';
import type { CommandRunner } from './execute-plan';

/** Runs a command with no shell, forwarding its output to the sinks. 127 when it cannot start. */
export const spawnRunner: CommandRunner = {
  run(argv, out, err) {
    return new Promise((resolve) => {
      const [program, ...args] = argv;
      if (program === undefined) {
        resolve(127);
        return;
      }
      const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      const forward = (sink: TextSink) => (chunk: Buffer) => sink.write(chunk.toString('utf8'));
      child.stdout.on('data', forward(out));
      child.stderr.on('data', forward(err));
      child.on('error', (e: NodeJS.ErrnoException) => {
        err.write(`cannot run ${program}: ${e.code === 'ENOENT' ? 'not found on PATH' : e.message}\n`);
        resolve(e.code === 'ENOENT' ? 127 : 126);
      });
      child.on('close', (code, signal) => {
        resolve(code ?? 128 + (signal !== null ? (constants.signals[signal] ?? 0) : 0));
      });
    });
  },
};
