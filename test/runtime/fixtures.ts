/** Test packages as CommonJS sources (what gensrc produces from TypeScript), zipped for real. */
import { makeZip } from './helpers';

/** foo.FooActor answers `GOT:<msg>` (or `<tag><msg>`); barn/cow/moo is a module of the package. */
export function fooPackage(tag = 'GOT:', extra: Record<string, string | Uint8Array> = {}): Promise<Uint8Array> {
  return makeZip({
    'foo/index.js': `
      const { Actor } = require('thespian-director');
      const { moo } = require('../barn/cow/moo');
      const counter = require('../barn/counter');
      class FooActor extends Actor {
        receiveMessage(m, sender) {
          if (typeof m !== 'string' || sender === null) return;
          if (m === 'moo') return this.send(sender, moo());
          if (m === 'count') return this.send(sender, counter.next());
          this.send(sender, ${JSON.stringify(tag)} + m);
        }
      }
      exports.FooActor = FooActor;`,
    'barn/cow/moo.js': `exports.moo = () => 'moo from ' + require('path').posix.join('barn', 'cow');`,
    'barn/counter.js': `let n = 0; exports.next = () => ++n;`,
    'barn/cow/cowactor.js': `
      const { Actor } = require('thespian-director');
      class CowActor extends Actor { receiveMessage(m, s) { if (s) this.send(s, 'moo:' + m); } }
      module.exports = { CowActor };`,
    ...extra,
  });
}

/** A package exercising the loader: node_modules with exports/main, JSON, cycles, module-only specs. */
export function loaderPackage(): Promise<Uint8Array> {
  return makeZip({
    'app/fooactor.js': `
      const { Actor } = require('thespian-director');
      const left = require('left-pad');
      const sub = require('@scope/tool/sub');
      const data = require('./data.json');
      const a = require('./cyc-a');
      class Only extends Actor {
        receiveMessage(m, s) { if (s) this.send(s, { pad: left('x', 3), sub: sub.name, data: data.v, cyc: a.fromB }); }
      }
      exports.Only = Only;
      exports.notAnActor = 42;`,
    'app/data.json': '{"v": 7}',
    'app/cyc-a.js': `exports.early = 'a-early'; const b = require('./cyc-b'); exports.fromB = b.seen;`,
    'app/cyc-b.js': `const a = require('./cyc-a'); exports.seen = a.early;`,
    'app/two.js': `
      const { Actor } = require('thespian-director');
      class One extends Actor {}
      class Two extends Actor {}
      module.exports = { One, Two };`,
    'app/none.js': `exports.x = 1;`,
    'app/broken.js': `throw new Error('module init failed');`,
    'node_modules/left-pad/package.json': '{"name":"left-pad","main":"lib/pad.js"}',
    'node_modules/left-pad/lib/pad.js': `module.exports = (s, n) => s.padStart(n, '.');`,
    'node_modules/@scope/tool/package.json':
      '{"name":"@scope/tool","exports":{".":"./main.js","./sub":{"import":"./sub.mjs","require":"./sub.cjs"}}}',
    'node_modules/@scope/tool/main.js': `module.exports = {};`,
    'node_modules/@scope/tool/sub.cjs': `exports.name = 'sub-cjs';`,
  });
}

/** Actors that misbehave on purpose. */
export function badPackage(): Promise<Uint8Array> {
  return makeZip({
    'bad/looper.js': `
      const { Actor } = require('thespian-director');
      class Looper extends Actor { receiveMessage(m, s) { if (m === 'loop') { for (;;) {} } if (s) this.send(s, 'alive'); } }
      exports.Looper = Looper;`,
    'bad/exiter.js': `
      const { Actor } = require('thespian-director');
      class Exiter extends Actor { receiveMessage(m, s) { if (m === 'exit') process.exit(3); if (s) this.send(s, 'alive'); } }
      exports.Exiter = Exiter;`,
    'bad/hog.js': `
      const { Actor } = require('thespian-director');
      class Hog extends Actor { receiveMessage(m, s) { if (m === 'eat') { const a = []; for (;;) a.push(new Array(100000).fill(a.length)); } if (s) this.send(s, 'alive'); } }
      exports.Hog = Hog;`,
    'bad/leaker.js': `
      const { Actor } = require('thespian-director');
      class Thing { constructor() { this.x = 1; } }
      class Leaker extends Actor {
        receiveMessage(m, s) {
          if (!s) return;
          try { this.send(s, new Thing()); } catch (e) { this.send(s, { code: e.code, message: e.message }); }
        }
      }
      exports.Leaker = Leaker;`,
    'bad/spawner.js': `
      const { Actor } = require('thespian-director');
      class Spawner extends Actor {
        async receiveMessage(m, s) {
          if (!s) return;
          if (m && m.op === 'spawn') {
            const t0 = process.hrtime.bigint();
            const addrs = [];
            for (let i = 0; i < m.n; i++) addrs.push(await this.createActor('bad.spawner.Spawner'));
            const ns = Number(process.hrtime.bigint() - t0);
            this.send(s, { perCreateMs: ns / 1e6 / m.n, last: addrs[addrs.length - 1] });
          } else if (m && m.op === 'other') {
            try { const a = await this.createActor(m.spec, { sourceHash: m.hash }); this.send(s, { ok: a }); }
            catch (e) { this.send(s, { code: e.code, message: e.message }); }
          } else if (m && m.op === 'load') {
            try { const h = await this.loadActorSource(m.bytes, 'from an actor'); const a = await this.createActor(m.spec, { sourceHash: h }); this.send(s, { hash: h, child: a }); }
            catch (e) { this.send(s, { code: e.code, message: e.message }); }
          } else this.send(s, 'spawner');
        }
      }
      exports.Spawner = Spawner;`,
  });
}

/** A sender that fires `n` numbered messages at a target, and a collector that checks their order. */
export function relayPackage(variant = ''): Promise<Uint8Array> {
  return makeZip({
    'relay/variant.js': `exports.v = ${JSON.stringify(variant)};`,
    'relay/actors.js': `
      const { Actor } = require('thespian-director');
      class Sender extends Actor {
        receiveMessage(m, s) {
          if (m && m.op === 'fire') {
            for (let i = 0; i < m.n; i++) this.send(m.to, { i, data: { nested: [i] } });
            if (s) this.send(s, 'fired');
          } else if (m && m.op === 'trickle') {
            // one message per turn, so some go before the direct channel exists and some after
            if (m.i < m.n) { this.send(m.to, { i: m.i }); this.send(this.myAddress, { ...m, i: m.i + 1 }); }
          }
        }
      }
      class Collector extends Actor {
        constructor() { super(); this.next = 0; this.bad = 0; }
        receiveMessage(m, s) {
          if (m && m.op === 'report') { this.send(s, { next: this.next, bad: this.bad }); return; }
          if (m && typeof m.i === 'number') { if (m.i !== this.next) this.bad++; this.next = m.i + 1; }
        }
      }
      module.exports = { Sender, Collector };`,
  });
}
