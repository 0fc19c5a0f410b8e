/**
 * The Available view's data: the toolchain's typed `avail()` report (packages, versions and
 * source hashes, computed by the package with its one source-hash definition).
 */
import { availListingOf, type AvailListing } from '../model/avail-listing';
import type { DirectorRunner } from '../runner';

/** Longest wait for one `avail()` of the Available view. */
const READ_DEADLINE_MS = 10_000;

export async function readAvailable(runner: DirectorRunner): Promise<AvailListing> {
  return availListingOf(await runner.data('avail', (host, options) => host.avail(options), READ_DEADLINE_MS));
}
