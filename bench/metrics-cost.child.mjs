// One measurement of the actor→actor rows (bench/actor-pingpong.mjs, as bench/actors.bench.mjs
// runs them) in a fresh process, for bench/metrics.bench.mjs: argv[2] is the repo root whose out/
// to run, argv[3] `off` (never scraped) or `on` (sourceStats pulled every 200 ms, far more often
// than a Prometheus scrape). Prints one JSON line: { inWorker, across } in msg/s and
// { inWorkerCpuNs, acrossCpuNs }, process CPU time per message in ns.
import { acrossWorkers, inOneWorker, pingPongSystem } from './actor-pingpong.mjs';

const [root, mode] = process.argv.slice(2);
const { system, h2, driver } = await pingPongSystem(root);
let scrapes = 0;
const timer = mode === 'on' ? setInterval(() => void system.sourceStats().then(() => scrapes++), 200) : null;
await inOneWorker(system, driver, 200_000);
// CPU time of the whole process (all threads) per message: less at the mercy of a loaded machine than wall time.
let cpu0 = process.cpuUsage();
const local = await inOneWorker(system, driver, 2_000_000);
let c = process.cpuUsage(cpu0);
const inWorkerCpuNs = ((c.user + c.system) * 1000) / 2_000_000;
const counter = await system.createActor('bench.actors.Counter', { sourceHash: h2 });
await acrossWorkers(system, driver, counter, 100_000);
cpu0 = process.cpuUsage();
const across = await acrossWorkers(system, driver, counter, 1_000_000);
c = process.cpuUsage(cpu0);
const acrossCpuNs = ((c.user + c.system) * 1000) / 1_000_000;
if (timer !== null) clearInterval(timer);
await system.shutdown();
process.stdout.write(
  JSON.stringify({ inWorker: local.n / (local.ms / 1000), across, inWorkerCpuNs, acrossCpuNs, scrapes }) + '\n',
);
