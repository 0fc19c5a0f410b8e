// Init step of a Kubernetes pod (deploy/kubernetes/statefulset.yaml): fill the director dir from
// the mounted ConfigMap (cfg files, TLIs) and Secrets (convention.secret, *_tls.key), then decide
// the pod's role from its StatefulSet ordinal: pod 0 leads; every other pod joins it
// (convleader.cfg). Each pod is named by its stable DNS name (systemname.cfg), unique in the
// convention. Files are written beside and renamed, so a crash never leaves half a file.
import {
  copyFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const env = process.env;
const dir = env.THESPIAN_DIRECTOR_DIR ?? '/var/lib/thespian/director';
const from = (name, fallback) => env[name] ?? fallback;
const cfgDir = from('THESPIAN_CFG_DIR', '/etc/thespian/cfg');
const keysDir = from('THESPIAN_KEYS_DIR', '/etc/thespian/keys');
const secretDir = from('THESPIAN_SECRET_DIR', '/etc/thespian/secret');
const pod = from('POD_NAME', os.hostname());
const service = from('THESPIAN_SERVICE', 'thespian');
const namespace = from('POD_NAMESPACE', 'default');
const domain = from('CLUSTER_DOMAIN', 'cluster.local');

function put(name, text, mode = 0o644) {
  const tmp = path.join(dir, `.${name}.init`);
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path.join(dir, name));
}
function copyAll(src, filter, mode) {
  if (!existsSync(src)) return [];
  const names = readdirSync(src).filter((n) => !n.startsWith('..') && filter(n));
  for (const n of names) {
    const tmp = path.join(dir, `.${n}.init`);
    copyFileSync(path.join(src, n), tmp);
    chmodSync(tmp, mode);
    renameSync(tmp, path.join(dir, n));
  }
  return names;
}

mkdirSync(dir, { recursive: true });
const cfg = copyAll(cfgDir, (n) => n.endsWith('.cfg') || n.endsWith('.tli'), 0o644);
const keys = copyAll(keysDir, (n) => n.endsWith('_tls.key'), 0o644);
const secret = copyAll(secretDir, (n) => n === 'convention.secret', 0o600);
const ordinal = Number(/-(\d+)$/.exec(pod)?.[1] ?? NaN);
if (!Number.isInteger(ordinal))
  throw new Error(`POD_NAME "${pod}" does not end in a StatefulSet ordinal (-0, -1, ...)`);
const fqdn = (p) => `${p}.${service}.${namespace}.svc.${domain}`;
const leaderPod = pod.replace(/-\d+$/, '-0');
put('systemname.cfg', `${fqdn(pod)}:1900\n`);
if (ordinal === 0) rmSync(path.join(dir, 'convleader.cfg'), { force: true });
else put('convleader.cfg', `${fqdn(leaderPod)}:1900\n`);
process.stdout.write(
  `k8s-init: ${pod} ${ordinal === 0 ? 'leads' : `joins ${fqdn(leaderPod)}`}; cfg ${cfg.join(' ') || '-'}; keys ${keys.join(' ') || '-'}; secret ${secret.length > 0 ? 'yes' : 'no'}\n`,
);
