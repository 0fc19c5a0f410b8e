// Container health check: GET http://127.0.0.1:<metrics port><path> (default /healthz); exit 0 on
// 200, 1 otherwise. The port comes from metricsport.cfg in THESPIAN_DIRECTOR_DIR (PORT or HOST:PORT).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const dir = process.env.THESPIAN_DIRECTOR_DIR ?? '/var/lib/thespian/director';
const cfg = readFileSync(path.join(dir, 'metricsport.cfg'), 'utf8').trim();
const port = Number(cfg.slice(cfg.lastIndexOf(':') + 1));
const req = http.get({ host: '127.0.0.1', port, path: process.argv[2] ?? '/healthz', timeout: 2_000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', () => process.exit(1));
