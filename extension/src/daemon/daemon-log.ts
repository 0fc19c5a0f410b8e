/**
 * Copies the daemon's log (the private folder's daemon.log, where `start` sends its output) into
 * the extension's LogOutputChannel as it grows: a file watcher, then a read of the new bytes.
 * Bounded, because a chatty actor can write thousands of lines a second: at most one read per
 * READ_GAP_MS, and when more than MAX_BYTES arrived since the last read only the tail is copied,
 * with a line saying how much was skipped and where the whole log is.
 */
import { open, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';

const READ_GAP_MS = 500;
const MAX_BYTES = 16 * 1024;

export function followDaemonLog(directorDir: string, log: vscode.LogOutputChannel): vscode.Disposable {
  // The daemon's log in its private folder (docs/architecture.md, "Layout of the daemon's state").
  const file = path.join(directorDir, '.daemon', 'daemon.log');
  let offset: number | undefined;
  let busy = false;
  let pending = false;
  let timer: NodeJS.Timeout | undefined;
  let partial = '';

  const readNew = async (): Promise<void> => {
    const size = await stat(file).then(
      (s) => s.size,
      () => 0,
    );
    if (offset === undefined || size < offset) offset = offset === undefined ? size : 0;
    if (size === offset) return;
    let from = offset;
    if (size - from > MAX_BYTES) {
      log.warn(
        `[daemon] … ${Math.round((size - from - MAX_BYTES) / 1024)} KiB of the daemon's log skipped; the whole log is ${file}`,
      );
      from = size - MAX_BYTES;
      partial = '';
    }
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(size - from);
      const { bytesRead } = await fh.read(buf, 0, buf.length, from);
      offset = from + bytesRead;
      const lines = (partial + buf.subarray(0, bytesRead).toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) if (l.trim() !== '') log.info(`[daemon] ${l}`);
    } finally {
      await fh.close();
    }
  };

  const kick = (): void => {
    if (busy || timer !== undefined) {
      pending = true;
      return;
    }
    busy = true;
    void readNew()
      .catch(() => {})
      .finally(() => {
        busy = false;
        timer = setTimeout(() => {
          timer = undefined;
          if (pending) {
            pending = false;
            kick();
          }
        }, READ_GAP_MS);
      });
  };

  kick();
  const w = vscode.workspace.createFileSystemWatcher(
    new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), 'daemon.log'),
  );
  return vscode.Disposable.from(w, w.onDidChange(kick), w.onDidCreate(kick), { dispose: () => clearTimeout(timer) });
}
