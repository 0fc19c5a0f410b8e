/** Counts oinks; answers each message with the running count. */
import { Actor, type ActorAddress } from 'thespian-director';

export class PigActor extends Actor {
  private oinks = 0;

  override receiveMessage(_message: unknown, sender: ActorAddress | null): void {
    this.oinks += 1;
    if (sender !== null) this.send(sender, { oinks: this.oinks });
  }
}
