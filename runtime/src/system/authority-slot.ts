/**
 * Who the Source Authority is: the one actor that sees every source before anything of it runs.
 * Its own room because the slot is a security boundary with its own rules: loaded sources never
 * take it; a pinned system (the daemon) keeps its first authority until that actor exits; every
 * refused attempt is logged and published for the audit log.
 */
import { formatAddress, sameAddress, type ActorAddress } from '../protocol/actor-address';
import { ActorSystemError } from '../actors/actor-system-error';
import type { SystemContext } from './system-context';

export class AuthoritySlot {
  private authority: ActorAddress | null = null;

  constructor(private readonly ctx: SystemContext) {}

  get current(): ActorAddress | null {
    return this.authority;
  }

  register(address: ActorAddress): void {
    if (
      this.authority !== null &&
      this.ctx.options.sourceAuthority === 'pinned' &&
      !sameAddress(this.authority, address)
    ) {
      this.refuse(address, undefined);
      throw new ActorSystemError(
        'SOURCE_AUTHORITY_PINNED',
        `${formatAddress(address)} cannot become the Source Authority: this system's authority is pinned to ${formatAddress(this.authority)}.`,
        { data: { address } },
      );
    }
    this.authority = address;
    this.ctx.log.info(`Source Authority registered: ${formatAddress(address)}`);
  }

  /** Log and publish (for the audit log) an attempt to take the Source Authority's place. */
  refuse(address: ActorAddress, sourceHash: string | undefined): void {
    const who =
      sourceHash === undefined ? formatAddress(address) : `${formatAddress(address)} of loaded source ${sourceHash}`;
    const message = `${who} tried to register as the Source Authority: refused, the authority stays ${this.authority === null ? '(none)' : formatAddress(this.authority)}`;
    this.ctx.log.warning(message);
    this.ctx.emit({
      kind: 'security-refused',
      code: 'SOURCE_AUTHORITY_PINNED',
      message,
      ...(sourceHash === undefined ? {} : { sourceHash }),
    });
  }

  /** An actor ended; if it was the authority, later loads fail at once instead of timing out. */
  actorGone(address: ActorAddress): void {
    if (sameAddress(this.authority, address)) this.authority = null;
  }
}
