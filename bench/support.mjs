// Helpers the benchmark files share (not a bench itself: the runner takes bench/*.bench.mjs).
import net from 'node:net';

/** A free loopback port, for a daemon's admin port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
