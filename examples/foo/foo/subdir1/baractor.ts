/** A stateless helper actor: replies with the text it is sent, reversed. */
import { Actor, type ActorAddress } from 'thespian-director';

export class BarActor extends Actor {
  override receiveMessage(message: unknown, sender: ActorAddress | null): void {
    if (sender === null) return;
    this.send(
      sender,
      typeof message === 'string' ? [...message].reverse().join('') : { error: 'BarActor reverses strings only' },
    );
  }
}
