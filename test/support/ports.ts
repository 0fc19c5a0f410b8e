/**
 * Free loopback ports for tests. The OS picks single ports; a convention needs two neighbours
 * (admin port p and convention port p + 1), which the OS cannot hand out, so those are probed.
 */
import net from 'node:net';

/** A port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function portFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

// Pairs handed out in this process, so two hosts of one test never get neighbouring pairs.
const handedOut = new Set<number>();

/** An admin port p such that p and p + 1 (the convention port) were free a moment ago. */
export async function freePortPair(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const p = 20_000 + Math.floor(Math.random() * 40_000);
    if (handedOut.has(p) || handedOut.has(p + 1) || handedOut.has(p - 1)) continue;
    if ((await portFree(p)) && (await portFree(p + 1))) {
      handedOut.add(p);
      return p;
    }
  }
  throw new Error('no free port pair found');
}
