/**
 * Global names: at most one live actor per name, handed back to every later create with that name,
 * moved by setGlobalName when a new version takes over, and released when its holder exits. Its
 * own room because its three maps (name → address, address → name, creates under way) must change
 * together, and nothing else in the system reads them.
 */
import { sameAddress, type ActorAddress } from '../protocol/actor-address';
import type { CreateResult } from '../actors/realm';

export class NameRegistry {
  private readonly globalNames = new Map<string, ActorAddress>();
  private readonly nameOfId = new Map<string, string>();
  private readonly pendingNames = new Map<string, Promise<CreateResult>>();

  /** Move `name` to `address`, or release it (null). An address holds one name at most. */
  set(name: string, address: ActorAddress | null): void {
    const old = this.globalNames.get(name);
    if (old !== undefined) this.nameOfId.delete(old.id);
    this.globalNames.delete(name);
    if (address === null) return;
    const previous = this.nameOfId.get(address.id);
    if (previous !== undefined) this.globalNames.delete(previous);
    this.globalNames.set(name, address);
    this.nameOfId.set(address.id, name);
  }

  /**
   * The holder of `name` (created: false); or the create already under way for it; or `create()`,
   * whose actor then holds the name. Two creates with one name never make two actors.
   */
  claim(name: string, create: () => Promise<CreateResult>): Promise<CreateResult> {
    const existing = this.globalNames.get(name);
    if (existing !== undefined) return Promise.resolve({ address: existing, created: false });
    const pending = this.pendingNames.get(name);
    if (pending !== undefined) return pending.then((r) => ({ address: r.address, created: false }));
    const p = create().then((r) => {
      this.globalNames.set(name, r.address);
      this.nameOfId.set(r.address.id, name);
      return r;
    });
    this.pendingNames.set(name, p);
    const clear = (): void => {
      this.pendingNames.delete(name);
    };
    p.then(clear, clear);
    return p;
  }

  /** An actor ended: its name is free again (unless it had already moved on). */
  actorGone(address: ActorAddress): void {
    const name = this.nameOfId.get(address.id);
    if (name === undefined) return;
    this.nameOfId.delete(address.id);
    if (sameAddress(this.globalNames.get(name), address)) this.globalNames.delete(name);
  }
}
