/**
 * The guide's main actor (role MainFoo, global name "Foo Primary"). It answers the messages of
 * foo.tli and hands `{ moo: ... }` requests to a CowActor it creates on demand.
 */
import { Actor, type ActorAddress } from 'thespian-director';
import { describeState, type FooState } from './state';

export class FooActor extends Actor {
  private state: FooState = { started: false, restarts: 0, shutdown: false };
  private cow: ActorAddress | undefined;

  override async receiveMessage(message: unknown, sender: ActorAddress | null): Promise<void> {
    if (typeof message === 'string' && message.startsWith('StartFoo')) {
      this.state = { ...this.state, started: true, startedWith: message };
      this.logger.info(`started: ${message}`);
    } else if (Array.isArray(message) && message[0] === 'Restart') {
      this.state = { ...this.state, restarts: this.state.restarts + 1 };
    } else if (isShutdown(message)) {
      this.state = { ...this.state, shutdown: true };
      this.logger.info(`shutting down within ${message.timeout} s`);
    } else if (isMoo(message) && sender !== null) {
      this.cow ??= await this.createActor('foo.subdir2.barn.cowactor.CowActor');
      this.send(this.cow, { moo: message.moo, replyTo: sender });
      return;
    }
    if (sender !== null) this.send(sender, { foo: describeState(this.state) });
  }
}

function isShutdown(m: unknown): m is { Shutdown: true; timeout: number } {
  return typeof m === 'object' && m !== null && (m as { Shutdown?: unknown }).Shutdown === true;
}

function isMoo(m: unknown): m is { moo: string } {
  return typeof m === 'object' && m !== null && typeof (m as { moo?: unknown }).moo === 'string';
}
