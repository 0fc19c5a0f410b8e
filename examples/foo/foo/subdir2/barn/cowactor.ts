/**
 * The FlyingCow (foo.tli's OnLoad message "Moo!"). It formats its answers with chalk, an npm
 * dependency packaged from deppkgs.txt with chalk's own dependencies.
 */
import chalk from 'chalk';
import { Actor, type ActorAddress } from 'thespian-director';

export class CowActor extends Actor {
  private moos = 0;

  override receiveMessage(message: unknown, sender: ActorAddress | null): void {
    const request = asRequest(message);
    const text = request?.moo ?? (typeof message === 'string' ? message : JSON.stringify(message));
    this.moos += 1;
    const reply = chalk.bold(`And MOO: ${text} (#${this.moos})`);
    const to = request?.replyTo ?? sender;
    if (to !== null) this.send(to, reply);
  }
}

function asRequest(m: unknown): { moo: string; replyTo: ActorAddress } | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const r = m as { moo?: unknown; replyTo?: unknown };
  return typeof r.moo === 'string' && typeof r.replyTo === 'object' && r.replyTo !== null
    ? { moo: r.moo, replyTo: r.replyTo as ActorAddress }
    : undefined;
}
