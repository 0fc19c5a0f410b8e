// deploy/: the Kubernetes manifests validated against the Kubernetes schemas (kubernetes-models),
// their parts checked against each other and against the Containerfile, and the init and
// health-check scripts the image runs exercised for real (the image itself cannot be built here:
// no registry for its base image; see docs/deploy.md).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { newSecretBytes, secretFileText } from '../../runtime/src/convention/secret';
import { freePort } from '../support/ports';
import { waitFor } from '../support/wait';

const repo = path.resolve(__dirname, '..', '..', '..');
const deploy = path.join(repo, 'deploy');
const k8s = path.join(deploy, 'kubernetes');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  [k: string]: unknown;
}

function manifests(): { file: string; doc: Manifest }[] {
  const out: { file: string; doc: Manifest }[] = [];
  for (const f of readdirSync(k8s)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    for (const d of parseAllDocuments(readFileSync(path.join(k8s, f), 'utf8'))) {
      assert.deepEqual(d.errors, [], `${f}: YAML errors`);
      out.push({ file: f, doc: d.toJS() as Manifest });
    }
  }
  return out;
}

// kubernetes-models is ESM only; tsc compiles this file to CommonJS, where import() stays import().
const importEsm = (m: string): Promise<Record<string, new (o: unknown) => { validate(): void }>> => import(m) as never;
const MODULE_OF: Record<string, string> = { v1: 'kubernetes-models/v1', 'apps/v1': 'kubernetes-models/apps/v1' };

test('every manifest in deploy/kubernetes validates against the Kubernetes schema of its kind', async () => {
  const all = manifests();
  assert.deepEqual(all.map((m) => `${m.doc.kind}/${m.doc.metadata.name}`).sort(), [
    'ConfigMap/thespian-cfg',
    'Secret/thespian-convention',
    'Secret/thespian-keys',
    'Service/thespian',
    'StatefulSet/thespian',
  ]);
  for (const { file, doc } of all) {
    const mod = MODULE_OF[doc.apiVersion];
    assert.ok(mod, `${file}: apiVersion ${doc.apiVersion}`);
    const Kind = (await importEsm(mod))[doc.kind];
    assert.ok(Kind, `${file}: kind ${doc.kind}`);
    new Kind(doc).validate();
  }
  // The validator really checks: a wrong type is refused.
  const { StatefulSet } = await importEsm('kubernetes-models/apps/v1');
  const bad = structuredClone(all.find((m) => m.doc.kind === 'StatefulSet')!.doc) as unknown as {
    spec: { replicas: unknown };
  };
  bad.spec.replicas = 'three';
  assert.throws(() => new StatefulSet(bad).validate(), /replicas must be integer/);
});

test('the manifests fit together: headless service, pod 0 leads, probes on the metrics port, non-root, read-only root, secrets and cfg mounted', () => {
  const by = (kind: string, name: string): Manifest =>
    manifests().find((m) => m.doc.kind === kind && m.doc.metadata.name === name)!.doc;
  const sts = by('StatefulSet', 'thespian') as unknown as {
    spec: {
      serviceName: string;
      podManagementPolicy: string;
      template: {
        spec: Record<string, unknown> & {
          securityContext: { runAsNonRoot: boolean; runAsUser: number };
          containers: Container[];
          initContainers: Container[];
          volumes: {
            name: string;
            configMap?: { name: string };
            secret?: { secretName: string; defaultMode?: number };
          }[];
        };
      };
      volumeClaimTemplates: { metadata: { name: string } }[];
    };
  };
  interface Container {
    name: string;
    command?: string[];
    securityContext: { readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean };
    volumeMounts: { name: string; mountPath: string }[];
    readinessProbe?: { httpGet: { path: string; port: string } };
    livenessProbe?: { httpGet: { path: string; port: string } };
    ports?: { name: string; containerPort: number }[];
    env?: { name: string }[];
  }
  const svc = by('Service', 'thespian') as unknown as {
    spec: { clusterIP: string; publishNotReadyAddresses: boolean; ports: { targetPort: string }[] };
  };
  const cfg = by('ConfigMap', 'thespian-cfg') as unknown as { data: Record<string, string> };
  assert.equal(svc.spec.clusterIP, 'None');
  assert.equal(svc.spec.publishNotReadyAddresses, true);
  assert.equal(sts.spec.serviceName, 'thespian');
  assert.equal(sts.spec.podManagementPolicy, 'OrderedReady');
  const pod = sts.spec.template.spec;
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.ok(pod.securityContext.runAsUser > 0);
  const [daemon] = pod.containers;
  const [init] = pod.initContainers;
  for (const c of [daemon, init]) {
    assert.equal(c.securityContext.readOnlyRootFilesystem, true, c.name);
    assert.equal(c.securityContext.allowPrivilegeEscalation, false, c.name);
    const mounts = Object.fromEntries(c.volumeMounts.map((m) => [m.mountPath, m.name]));
    assert.equal(mounts['/var/lib/thespian/director'], 'director');
    assert.equal(mounts['/var/lib/thespian/director/.daemon'], 'private');
  }
  assert.deepEqual(init.command, ['node', '/opt/thespian/deploy/k8s-init.mjs']);
  assert.ok(init.env?.some((e) => e.name === 'POD_NAME'));
  assert.deepEqual(daemon.readinessProbe!.httpGet, { path: '/readyz', port: 'metrics' });
  assert.deepEqual(daemon.livenessProbe!.httpGet, { path: '/healthz', port: 'metrics' });
  const metricsPort = daemon.ports!.find((p) => p.name === 'metrics')!.containerPort;
  assert.equal(
    cfg.data['metricsport.cfg'].trim(),
    `0.0.0.0:${metricsPort}`,
    'the probes reach the port the daemon serves',
  );
  assert.deepEqual(svc.spec.ports.map((p) => p.targetPort).sort(), ['convention', 'metrics']);
  // Every volume a container mounts exists: ConfigMap and Secrets by the names the manifests define, the rest as claims or emptyDir.
  const defined = new Set(manifests().map((m) => `${m.doc.kind}/${m.doc.metadata.name}`));
  const volumes = new Map(pod.volumes.map((v) => [v.name, v]));
  for (const claim of sts.spec.volumeClaimTemplates) volumes.set(claim.metadata.name, { name: claim.metadata.name });
  for (const m of daemon.volumeMounts) assert.ok(volumes.has(m.name), `volume ${m.name}`);
  for (const v of pod.volumes) {
    if (v.configMap) assert.ok(defined.has(`ConfigMap/${v.configMap.name}`), v.name);
    if (v.secret) assert.ok(defined.has(`Secret/${v.secret.secretName}`), v.name);
  }
  assert.equal(
    volumes.get('convention-secret')?.secret?.defaultMode,
    0o400,
    'the secret is readable by its owner only',
  );
});

test('the Containerfile: non-root user, the two volumes, health check and foreground daemon, every file it copies exists', () => {
  const text = readFileSync(path.join(deploy, 'Containerfile'), 'utf8');
  const lines = text.split('\n').filter((l) => !l.startsWith('#'));
  const last = (word: string): string => lines.filter((l) => l.startsWith(`${word} `)).at(-1) ?? '';
  assert.match(last('USER'), /^USER 10001:10001$/);
  assert.match(last('VOLUME'), /"\/var\/lib\/thespian\/director", "\/var\/lib\/thespian\/director\/\.daemon"/);
  assert.match(last('HEALTHCHECK'), /healthcheck\.mjs", "\/healthz"/);
  assert.equal(last('ENTRYPOINT'), 'ENTRYPOINT ["node", "/opt/thespian/dist/daemon.js", "--foreground"]');
  assert.match(text, /ENV NODE_ENV=production \\\n\s+THESPIAN_DIRECTOR_DIR=\/var\/lib\/thespian\/director/);
  assert.match(text, /THESPIAN_DIRECTOR_DIR=\/var\/lib\/thespian\/director \\\n\s+MALLOC_ARENA_MAX=2\n/);
  for (const l of lines.filter((x) => x.startsWith('COPY ') && !x.includes('--from='))) {
    for (const src of l.split(/\s+/).slice(1, -1))
      if (src !== '.') assert.ok(existsSync(path.join(repo, src)), `${src} (in ${l})`);
  }
  assert.ok(
    existsSync(path.join(repo, 'dist', 'daemon.js')) ||
      existsSync(path.join(repo, 'runtime', 'src', 'daemon', 'main.ts')),
  );
});

function node(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { env, encoding: 'utf8', timeout: 30_000 }, (e, out, err) =>
      resolve({ code: e === null ? 0 : typeof e.code === 'number' ? e.code : 1, out, err }),
    );
  });
}

test('k8s-init fills the director dir from the mounts; pod 0 leads, pod 2 joins pod 0 by its stable name; the daemon then answers the probes', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'fl-deploy-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const cfgDir = path.join(root, 'cfg');
  const keysDir = path.join(root, 'keys');
  const secretDir = path.join(root, 'secret');
  for (const d of [cfgDir, keysDir, secretDir]) await mkdir(d);
  const metricsPort = await freePort();
  await writeFile(path.join(cfgDir, 'adminport.cfg'), `${await freePort()}\n`);
  await writeFile(path.join(cfgDir, 'metricsport.cfg'), `127.0.0.1:${metricsPort}\n`);
  await writeFile(path.join(cfgDir, 'thesplogd.cfg'), 'log\n');
  await writeFile(path.join(cfgDir, 'README'), 'not a cfg file: not copied\n');
  await writeFile(path.join(keysDir, 'release_tls.key'), '-----BEGIN PUBLIC KEY-----\n');
  await writeFile(path.join(secretDir, 'convention.secret'), secretFileText(newSecretBytes()), { mode: 0o400 });
  const init = path.join(deploy, 'k8s-init.mjs');
  const envFor = (pod: string, dir: string): NodeJS.ProcessEnv => ({
    ...process.env,
    THESPIAN_DIRECTOR_DIR: dir,
    THESPIAN_CFG_DIR: cfgDir,
    THESPIAN_KEYS_DIR: keysDir,
    THESPIAN_SECRET_DIR: secretDir,
    POD_NAME: pod,
    POD_NAMESPACE: 'prod',
  });

  const d2 = path.join(root, 'pod2');
  const r2 = await node(init, [], envFor('thespian-2', d2));
  assert.equal(r2.code, 0, r2.err);
  assert.equal(
    readFileSync(path.join(d2, 'convleader.cfg'), 'utf8'),
    'thespian-0.thespian.prod.svc.cluster.local:1900\n',
  );
  assert.equal(
    readFileSync(path.join(d2, 'systemname.cfg'), 'utf8'),
    'thespian-2.thespian.prod.svc.cluster.local:1900\n',
  );
  assert.equal(existsSync(path.join(d2, 'README')), false);
  assert.equal(statSync(path.join(d2, 'convention.secret')).mode & 0o777, 0o600);
  assert.ok(existsSync(path.join(d2, 'release_tls.key')));
  assert.equal(
    (await node(init, [], envFor('no-ordinal', path.join(root, 'bad')))).code,
    1,
    'a pod name without an ordinal is an error',
  );

  const d0 = path.join(root, 'pod0');
  await mkdir(d0);
  await writeFile(path.join(d0, 'convleader.cfg'), 'stale\n');
  const r0 = await node(init, [], envFor('thespian-0', d0));
  assert.equal(r0.code, 0, r0.err);
  assert.match(r0.out, /thespian-0 leads/);
  assert.equal(existsSync(path.join(d0, 'convleader.cfg')), false, 'pod 0 leads');

  // The daemon as the image starts it (foreground), probed with the image's health-check script. In a pod
  // the leader listens on 1900; here that port may belong to another test's daemon, so pod 0 keeps its
  // name and takes a free port (k8s-init's systemname.cfg is checked above, on pod 2).
  await writeFile(path.join(d0, 'systemname.cfg'), `thespian-0.thespian.prod.svc.cluster.local:${await freePort()}\n`);
  const entry = existsSync(path.join(repo, 'dist', 'daemon.js'))
    ? path.join(repo, 'dist', 'daemon.js')
    : path.join(repo, 'out', 'runtime', 'src', 'daemon', 'main.js');
  const daemon = spawn(process.execPath, [entry, '--foreground'], {
    env: { ...process.env, THESPIAN_DIRECTOR_DIR: d0 },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let daemonErr = '';
  daemon.stderr.on('data', (b: Buffer) => (daemonErr += b.toString()));
  t.after(() => {
    if (daemon.exitCode === null) daemon.kill('SIGKILL');
  });
  const check = path.join(deploy, 'healthcheck.mjs');
  await waitFor(
    async () => (await node(check, ['/readyz'], { ...process.env, THESPIAN_DIRECTOR_DIR: d0 })).code === 0,
    30_000,
    '/readyz from the health-check script',
  ).catch((e: unknown) => {
    throw new Error(
      `${String(e)}; the daemon ${daemon.exitCode === null ? 'runs' : `exited ${daemon.exitCode}`}: ${daemonErr}`,
    );
  });
  assert.equal((await node(check, [], { ...process.env, THESPIAN_DIRECTOR_DIR: d0 })).code, 0, '/healthz');
  daemon.kill('SIGTERM');
  await new Promise((r) => daemon.once('exit', r));
  assert.equal(daemon.exitCode, 0, 'SIGTERM stops it gracefully');
  assert.equal(
    (await node(check, [], { ...process.env, THESPIAN_DIRECTOR_DIR: d0 })).code,
    1,
    'a stopped daemon fails the check',
  );
});
