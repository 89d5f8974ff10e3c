import fc from 'fast-check';
import { validateRouting } from '../../../lib/openclaw/routing/validate';
import type { Binding, BindingMatch, Channels } from '../../../lib/openclaw/routing/schema';

/**
 * Checks the "shadowed" and "redundant" verdicts against a brute-force router: every message of
 * a small universe (plus a fresh value per attribute, standing for "any other id") is routed the
 * way OpenClaw documents it, independently of the validator's algebra.
 */

interface Message {
  readonly account: string;
  readonly peer: string | undefined;
  readonly guild: string | undefined;
}

const TIER_ORDER = (m: BindingMatch): number =>
  m.peer ? 0 : m.guildId ? 1 : m.teamId ? 2 : m.accountId ? 3 : 4;

function matches(m: BindingMatch, msg: Message): boolean {
  if (m.accountId !== undefined && m.accountId !== msg.account) return false;
  if (m.peer !== undefined && `${m.peer.kind}:${m.peer.id}` !== msg.peer) return false;
  if (m.guildId !== undefined && m.guildId !== msg.guild) return false;
  return true;
}

/** Index of the winning binding, or -1 (default agent). */
function route(bindings: readonly Binding[], msg: Message): number {
  let best = -1;
  bindings.forEach((b, i) => {
    if (!matches(b.match, msg)) return;
    if (best < 0 || TIER_ORDER(b.match) < TIER_ORDER(bindings[best].match)) best = i;
  });
  return best;
}

function universe(accounts: readonly string[]): Message[] {
  const out: Message[] = [];
  for (const account of accounts)
    for (const peer of [undefined, 'dm:1', 'channel:2', 'dm:fresh'])
      for (const guild of [undefined, 'g1', 'g2', 'gfresh']) out.push({ account, peer, guild });
  return out;
}

const matchArb: fc.Arbitrary<BindingMatch> = fc
  .record({
    accountId: fc.constantFrom(undefined, 'a1', 'a2'),
    peer: fc.constantFrom(
      undefined,
      { kind: 'dm' as const, id: '1' },
      { kind: 'channel' as const, id: '2' },
    ),
    guildId: fc.constantFrom(undefined, 'g1', 'g2'),
  })
  .map((r) => {
    const m: { -readonly [K in keyof BindingMatch]: BindingMatch[K] } = { channel: 'discord' };
    if (r.accountId !== undefined) m.accountId = r.accountId;
    if (r.peer !== undefined) m.peer = r.peer;
    if (r.guildId !== undefined) m.guildId = r.guildId;
    return m;
  });

const bindingsArb = fc.array(fc.record({ agentId: fc.constantFrom('x', 'y'), match: matchArb }), {
  minLength: 1,
  maxLength: 6,
});

const declared: Channels = {
  discord: { accounts: { a1: { token: '${A1}' }, a2: { token: '${A2}' } } },
};

describe.each([
  ['declared accounts', declared, ['a1', 'a2']],
  ['open accounts', { discord: {} } as Channels, ['a1', 'a2', 'afresh']],
])('precedence model with %s', (_label, channels, accounts) => {
  const msgs = universe(accounts);
  const agents = [{ id: 'x' }, { id: 'y' }];

  test('a binding is reported shadowed or duplicate exactly when it never wins', () => {
    fc.assert(
      fc.property(bindingsArb, (bindings) => {
        const problems = validateRouting({ agents, bindings, channels });
        bindings.forEach((_b, i) => {
          const where = `gateway.bindings[${i}]`;
          const reported = problems.some(
            (p) => p.where === where && (p.code === 'shadowed' || p.code === 'duplicate-match'),
          );
          const wins = msgs.some((msg) => route(bindings, msg) === i);
          expect(reported).toBe(!wins);
        });
      }),
      { numRuns: 300 },
    );
  });

  test('removing a binding reported redundant routes every message to the same agent', () => {
    fc.assert(
      fc.property(bindingsArb, (bindings) => {
        const problems = validateRouting({ agents, bindings, channels });
        for (const p of problems.filter((q) => q.code === 'redundant')) {
          const i = Number(/\[(\d+)\]$/.exec(p.where)?.[1]);
          const without = bindings.filter((_b, j) => j !== i);
          const agentOf = (list: readonly Binding[], msg: Message): string => {
            const w = route(list, msg);
            return w < 0 ? 'default' : list[w].agentId;
          };
          for (const msg of msgs) expect(agentOf(without, msg)).toBe(agentOf(bindings, msg));
        }
      }),
      { numRuns: 300 },
    );
  });
});
