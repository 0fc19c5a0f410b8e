/**
 * "Send Message…" and "Ask…" on an actor (or its role) in the Loaded view, or from the palette
 * (then a pick of the running actors). The input is JSON5, checked as it is typed; the last
 * inputs are remembered per actor (per role when it has one, so they survive a new version).
 * A role is resolved to its current address when the message is sent, so after a live reload the
 * new version answers. Replies go to the "Thespian Director: Replies" output with the time taken;
 * a timeout or an error shows its code.
 */
import * as vscode from 'vscode';
import { COMMANDS, MEMENTO } from '../constants';
import { showFailure } from '../failure';
import { parseActorAddress, parseMessageInput, remember, replyText, talkKey } from '../model/talk-input';
import type { JsonValue } from '../../../runtime/src/protocol/json-value';
import { nodeData } from '../commands/node-arg';
import type { Services } from '../commands/services';
import type { LoopCommands } from '../loop-commands';
import { codeOf, messageOf } from '../../../runtime/src/protocol/caught';

/** How long Ask… waits for the reply. */
const ASK_TIMEOUT_MS = 10_000;

interface Target {
  readonly group: string;
  readonly role: string | null;
  readonly actorClass: string;
  readonly address: string | null;
}

export interface TalkResult {
  readonly target: string;
  readonly ok: boolean;
  readonly reply?: unknown;
  readonly code?: string;
  readonly ms: number;
}

function targets(s: Services): (Target & vscode.QuickPickItem)[] {
  const out: (Target & vscode.QuickPickItem)[] = [];
  for (const g of s.state.loaded?.groups ?? []) {
    for (const src of g.sources) {
      for (const a of src.actors) {
        if (a.address === null) continue;
        out.push({
          label: a.role ?? a.actorClass,
          description: `${g.group} ${src.version ?? src.hash.slice(0, 12)}${src.active ? ' ACTIVE' : ''}`,
          detail: a.address,
          group: g.group,
          role: a.role,
          actorClass: a.actorClass,
          address: a.address,
        });
      }
    }
  }
  return out;
}

/** The current address of a role: its actor in the group's active source (after a reload, the new one). */
function currentAddress(s: Services, t: Target): string | null {
  if (t.role === null) return t.address;
  const g = s.state.loaded?.groups.find((x) => x.group === t.group);
  const active = g?.sources.find((x) => x.active);
  return active?.actors.find((a) => a.role === t.role && a.address !== null)?.address ?? t.address;
}

export class Talk implements vscode.Disposable {
  private readonly out = vscode.window.createOutputChannel('Thespian Director: Replies');
  readonly results: TalkResult[] = [];

  constructor(private readonly s: Services) {}

  private async inputFor(key: string, title: string): Promise<string | undefined> {
    const all = this.s.context.workspaceState.get<Record<string, string[]>>(MEMENTO.talkInputs, {});
    const previous = all[key] ?? [];
    let start = previous[0] ?? '';
    if (previous.length > 1) {
      const picked = await vscode.window.showQuickPick(
        [
          { label: '$(edit) New message…', value: '' },
          ...previous.map((p) => ({ label: p, value: p, description: 'earlier' })),
        ],
        { title },
      );
      if (picked === undefined) return undefined;
      start = picked.value === '' ? start : picked.value;
    }
    const text = await vscode.window.showInputBox({
      title,
      value: start,
      prompt: 'A JSON5 value: "text", 42, { key: "value" }, [1, 2]',
      validateInput: (v) => {
        const p = parseMessageInput(v);
        return p.ok ? undefined : p.error;
      },
    });
    if (text === undefined) return undefined;
    await this.s.context.workspaceState.update(MEMENTO.talkInputs, { ...all, [key]: remember(previous, text) });
    return text;
  }

  async run(kind: 'ask' | 'tell', arg?: unknown, messageText?: string): Promise<TalkResult | undefined> {
    const data = nodeData(arg);
    let t: Target | undefined = data?.kind === 'actor' ? data : undefined;
    if (t === undefined) {
      const items = targets(this.s);
      if (items.length === 0) {
        void vscode.window.showWarningMessage('No running actor to talk to: load a group first.');
        return undefined;
      }
      t = await vscode.window.showQuickPick(items, {
        title: kind === 'ask' ? 'Ask which actor?' : 'Send a message to which actor?',
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (t === undefined) return undefined;
    }
    const name = t.role ?? t.actorClass;
    const text =
      messageText ?? (await this.inputFor(talkKey(t), kind === 'ask' ? `Ask ${name}` : `Send a message to ${name}`));
    if (text === undefined) return undefined;
    const parsed = parseMessageInput(text);
    if (!parsed.ok) {
      void showFailure(this.s.log, `The message for ${name} is not valid: ${parsed.error}`);
      return undefined;
    }
    const addressText = currentAddress(this.s, t);
    const address = addressText === null ? undefined : parseActorAddress(addressText);
    if (address === undefined) {
      void showFailure(this.s.log, `${name} has no address (not running)`);
      return undefined;
    }
    return this.send(kind, name, addressText ?? '', address, parsed.value, text);
  }

  private async send(
    kind: 'ask' | 'tell',
    name: string,
    addressText: string,
    address: { system: string; id: string },
    message: JsonValue,
    text: string,
  ): Promise<TalkResult> {
    const started = performance.now();
    const at = new Date();
    let result: TalkResult;
    try {
      const client = await this.s.state.connect('vscode-talk');
      try {
        if (kind === 'ask') {
          const r = await client.ask(address, message, ASK_TIMEOUT_MS);
          result = { target: name, ok: true, reply: r.reply, ms: performance.now() - started };
          this.out.append(replyText(`${name} ${addressText}`, text, r.reply, result.ms, at));
        } else {
          await client.tell(address, message);
          result = { target: name, ok: true, ms: performance.now() - started };
          this.out.appendLine(
            `// ${at.toISOString()} sent ${text} to ${name} ${addressText} (${result.ms.toFixed(0)} ms)`,
          );
        }
      } finally {
        client.close();
      }
      this.out.show(true);
    } catch (e) {
      const code = codeOf(e) ?? 'ERROR';
      result = { target: name, ok: false, code, ms: performance.now() - started };
      this.out.appendLine(
        `// ${at.toISOString()} ${kind} ${name} ${text} failed after ${result.ms.toFixed(0)} ms: [${code}] ${messageOf(e)}`,
      );
      void showFailure(this.s.log, `${kind === 'ask' ? 'Ask' : 'Send'} ${name} failed: [${code}] ${messageOf(e)}`);
    }
    this.results.push(result);
    return result;
  }

  dispose(): void {
    this.out.dispose();
  }
}

export function registerTalk(s: Services): { talk: Talk; disposables: vscode.Disposable[]; commands: LoopCommands } {
  const talk = new Talk(s);
  return {
    talk,
    disposables: [talk],
    commands: {
      [COMMANDS.askActor]: (arg?: unknown, text?: string) => talk.run('ask', arg, text),
      [COMMANDS.sendMessage]: (arg?: unknown, text?: string) => talk.run('tell', arg, text),
    },
  };
}
