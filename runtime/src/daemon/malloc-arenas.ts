/**
 * MALLOC_ARENA_MAX of a daemon that `director start` spawns or a boot unit runs, unless its
 * environment sets it. Every source runs in a worker thread and glibc would give each its own
 * malloc arena (up to 8 per core); two keep the memory per loaded source lower at no measured
 * cost in speed (docs/config.md).
 */
export const DAEMON_MALLOC_ARENAS = '2';
