/**
 * Run by rss-cycles.test.ts as `node --expose-gc`: load, use and unload one source many times and
 * print RSS (after GC) before and after, as JSON on stdout.
 */
import { createLocalSystem } from '../../runtime/src/system/local-system';
import { fooPackage } from './fixtures';
import { AcceptAllAuthority, ask, quietLogger } from './helpers';

const gc = (globalThis as { gc?: () => void }).gc;

async function settle(): Promise<number> {
  for (let i = 0; i < 5; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().rss;
}

async function main(): Promise<void> {
  const warmup = Number(process.argv[2] ?? 20);
  const cycles = Number(process.argv[3] ?? 200);
  const s = await createLocalSystem({ systemName: 'rss:1', loggerFactory: quietLogger });
  await s.createActor(AcceptAllAuthority);
  const pkgs = [await fooPackage('A:'), await fooPackage('B:')];
  const cycle = async (i: number): Promise<void> => {
    const h = await s.loadActorSource(pkgs[i % 2], `cycle-${i}`);
    const a = await s.createActor('foo.FooActor', { sourceHash: h });
    await ask(s, a, 'x');
    await s.unloadActorSource(h);
  };
  for (let i = 0; i < warmup; i++) await cycle(i);
  // RSS after GC wanders by several MiB between samples (allocator arenas of ended worker threads),
  // so one before/after pair would be noise. A leak raises the floor: compare the lowest sample of
  // the first half of the run with the lowest of the second half.
  const samples: number[] = [];
  const t0 = Date.now();
  for (let i = 0; i < cycles; i++) {
    await cycle(i);
    if ((i + 1) % 20 === 0) samples.push(await settle());
  }
  const ms = Date.now() - t0;
  const half = Math.floor(samples.length / 2);
  const before = Math.min(...samples.slice(0, half));
  const after = Math.min(...samples.slice(half));
  await s.shutdown();
  process.stdout.write(JSON.stringify({ before, after, cycles, samples, msPerCycle: ms / cycles }) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
  process.exit(1);
});
