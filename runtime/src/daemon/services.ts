/**
 * The composition root of the daemon's services: what starts beside the actor system, in order,
 * before the admin port opens. The Source Authority comes before the Director: the Director's
 * restore loads the recorded sources, which the authority must verify.
 */
import { sourceAuthorityService } from '../authority/source-authority-actor';
import { directorDaemonService } from '../director/director-daemon-service';
import type { DaemonService } from './daemon-services';

export function daemonServices(): readonly DaemonService[] {
  return [sourceAuthorityService, directorDaemonService];
}
