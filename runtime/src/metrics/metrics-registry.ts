/**
 * The /metrics registry (prom-client): the daemon's process figures, per-source figures pulled
 * from each source's worker when scraped (see thread-stats.ts), and the Director's, admin port's
 * and convention's counters. Its own module, required by metrics-service.ts only when
 * metricsport.cfg turns the endpoint on: prom-client (and the cluster, perf_hooks and v8 modules
 * it loads) costs an idle daemon ~2.7 MiB of RSS that a daemon without the endpoint never uses.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import { parsePackageFileName } from '../protocol/package-name';
import type { ActorSystemCore } from '../system/system-core';
import { daemonStats, VERIFY_BUCKETS_S } from './daemon-stats';
import type { ConventionStatus } from './metrics-service';
import { HANDLER_BUCKETS_S, HANDLER_SAMPLE_EVERY } from './thread-stats';

interface HistogramValues {
  readonly labels: Record<string, string>;
  /** Per bucket, not cumulative; one more than `bounds` (+Inf). */
  readonly buckets: readonly number[];
  readonly sum: number;
  readonly count: number;
}

/**
 * A histogram whose buckets were counted elsewhere (in a worker, in daemonStats): prom-client's
 * Histogram only takes single observations, so this hands the registry the family in the shape
 * its own metrics return from get() (name, help, type, values with metricName and labels).
 */
function pulledHistogram(
  name: string,
  help: string,
  bounds: readonly number[],
  read: () => Promise<readonly HistogramValues[]>,
): Metric {
  const family = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    reset: () => undefined,
    get: async () => {
      const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
      for (const h of await read()) {
        let cumulative = 0;
        for (let i = 0; i <= bounds.length; i++) {
          cumulative += h.buckets[i] ?? 0;
          values.push({
            metricName: `${name}_bucket`,
            labels: { ...h.labels, le: i < bounds.length ? bounds[i] : '+Inf' },
            value: cumulative,
          });
        }
        values.push({ metricName: `${name}_sum`, labels: h.labels, value: h.sum });
        values.push({ metricName: `${name}_count`, labels: h.labels, value: h.count });
      }
      return { name, help, type: 'histogram', aggregator: 'sum', values };
    },
  };
  // A library seam with nothing to check: prom-client's typings say a family's `type` is its
  // MetricType enum, which its JavaScript does not export, while its registry writes `metric.type`
  // into `# TYPE` as the string ('histogram') that its own metrics hold. The object has the shape
  // the registry reads (test/metrics pins the text it renders), which the typings cannot express.
  return family as unknown as Metric;
}

function sourceLabels(info: string, sourceHash: string): Record<string, string> {
  const p = parsePackageFileName(info);
  return { group: p?.group ?? 'unknown', version: p?.version ?? '', hash: sourceHash };
}

export function buildRegistry(
  system: ActorSystemCore,
  conventionStatus: () => ConventionStatus,
  isReady: () => boolean,
): Registry {
  const registry = new Registry();
  // Process figures of the daemon: resident memory, heap, event-loop lag, open handles.
  collectDefaultMetrics({ register: registry });
  const sourceNames = ['group', 'version', 'hash'] as const;
  // One pull per scrape, shared by every per-source family of that scrape.
  let pull: Promise<Awaited<ReturnType<NonNullable<ActorSystemCore['sourceStats']>>>> | null = null;
  const sources = (): NonNullable<typeof pull> => {
    if (pull === null) {
      pull = system.sourceStats?.() ?? Promise.resolve([]);
      const done = (): void => void setImmediate(() => (pull = null));
      pull.then(done, done);
    }
    return pull;
  };
  const perSource = (
    name: string,
    help: string,
    kind: 'counter' | 'gauge',
    pick: (s: Awaited<NonNullable<typeof pull>>[number]) => number,
  ): void => {
    const collect = async function (
      this: Counter<(typeof sourceNames)[number]> | Gauge<(typeof sourceNames)[number]>,
    ): Promise<void> {
      const list = await sources();
      // Unloaded sources disappear from the exposition: the series follow what is loaded.
      this.reset();
      for (const s of list) {
        const labels = sourceLabels(s.info, s.sourceHash);
        if (this instanceof Counter) this.inc(labels, pick(s));
        else this.set(labels, pick(s));
      }
    };
    if (kind === 'counter') new Counter({ name, help, labelNames: sourceNames, registers: [registry], collect });
    else new Gauge({ name, help, labelNames: sourceNames, registers: [registry], collect });
  };
  perSource(
    'thespian_source_messages_received_total',
    'Messages handed to the handlers of the actors of a loaded source.',
    'counter',
    (s) => s.received,
  );
  perSource(
    'thespian_source_messages_sent_total',
    'Messages sent by the actors of a loaded source.',
    'counter',
    (s) => s.sent,
  );
  perSource(
    'thespian_source_handler_failures_total',
    'Handlers of a loaded source that threw.',
    'counter',
    (s) => s.failures,
  );
  // Actor exits per source (crashes, ActorExitRequest, exits the Director restarts), from the system's events.
  const exits = new Map<string, number>();
  perSource(
    'thespian_source_actor_exits_total',
    'Actors of a loaded source that ended (exit request, crash, given up; the Director restarts OnLoad actors within their crash budget).',
    'counter',
    (s) => exits.get(s.sourceHash) ?? 0,
  );
  perSource(
    'thespian_source_restarts_total',
    "Times a loaded source's worker was started again after it ended.",
    'counter',
    (s) => s.restarts,
  );
  perSource(
    'thespian_source_mailbox_depth',
    "Messages queued in a loaded source's worker, not yet handled.",
    'gauge',
    (s) => s.mailbox,
  );
  perSource(
    'thespian_source_heap_used_bytes',
    "V8 heap in use by a loaded source's worker.",
    'gauge',
    (s) => s.heapUsed,
  );
  registry.registerMetric(
    pulledHistogram(
      'thespian_source_handler_seconds',
      `Time in a message handler (synchronous part), one message in ${HANDLER_SAMPLE_EVERY} timed.`,
      HANDLER_BUCKETS_S,
      async () =>
        (await sources()).map((s) => ({
          labels: sourceLabels(s.info, s.sourceHash),
          buckets: s.buckets,
          sum: s.sampledSum,
          count: s.sampledCount,
        })),
    ),
  );

  // Per daemon.
  const loads = new Counter({
    name: 'thespian_director_loads_total',
    help: 'Sources loaded (verified and running).',
    registers: [registry],
  });
  const unloads = new Counter({
    name: 'thespian_director_unloads_total',
    help: 'Sources unloaded.',
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'thespian_director_load_refusals_total',
    help: 'Sources refused, by error code.',
    labelNames: ['code'],
    registers: [registry],
  });
  system.onEvent((e) => {
    if (e.kind === 'source-loaded') loads.inc();
    else if (e.kind === 'actor-exited' && e.sourceHash !== undefined)
      exits.set(e.sourceHash, (exits.get(e.sourceHash) ?? 0) + 1);
    else if (e.kind === 'source-unloaded') {
      unloads.inc();
      exits.delete(e.sourceHash);
    } else if (e.kind === 'source-rejected') refusals.inc({ code: e.code });
  });
  new Gauge({
    name: 'thespian_director_loaded_sources',
    help: 'Sources loaded now.',
    registers: [registry],
    collect() {
      this.set(system.loadedSources().length);
    },
  });
  registry.registerMetric(
    pulledHistogram(
      'thespian_director_verification_seconds',
      'Time from a source arriving to its verdict (signature and contents verified, or refused).',
      VERIFY_BUCKETS_S,
      () =>
        Promise.resolve([
          {
            labels: {},
            buckets: daemonStats.verifyBuckets,
            sum: daemonStats.verifySum,
            count: daemonStats.verifyCount,
          },
        ]),
    ),
  );
  new Gauge({
    name: 'thespian_admin_connections',
    help: 'Admin links open now.',
    registers: [registry],
    collect() {
      this.set(daemonStats.adminOpen);
    },
  });
  new Counter({
    name: 'thespian_admin_connections_total',
    help: 'Admin links accepted since start.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(daemonStats.adminConnections);
    },
  });
  new Counter({
    name: 'thespian_admin_refusals_total',
    help: 'Admin links refused, by refusal code.',
    labelNames: ['code'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [code, n] of daemonStats.adminRefusals) this.inc({ code }, n);
    },
  });
  new Gauge({
    name: 'thespian_convention_members',
    help: 'On a leader: members joined now. On a member: 1 while joined to the leader, else 0.',
    registers: [registry],
    collect() {
      const c = conventionStatus();
      this.set(c.role === 'leader' ? c.members.length : c.role === 'member' && c.leader !== undefined ? 1 : 0);
    },
  });
  new Counter({
    name: 'thespian_convention_heartbeats_total',
    help: 'Heartbeat answers received on convention links.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(daemonStats.conventionHeartbeats);
    },
  });
  new Counter({
    name: 'thespian_convention_members_lost_total',
    help: 'Members lost by the leader (closed link or heartbeats unanswered).',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(daemonStats.conventionMembersLost);
    },
  });
  new Gauge({
    name: 'thespian_ready',
    help: '1 when /readyz answers 200.',
    registers: [registry],
    collect() {
      this.set(isReady() ? 1 : 0);
    },
  });
  return registry;
}
