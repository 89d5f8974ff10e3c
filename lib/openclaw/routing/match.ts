import type { BindingMatch } from './schema';

/**
 * The algebra of binding matches, used to reason about which binding wins a message.
 *
 * Model. A message carries a channel and, independently, an account, a peer (kind + id), a
 * Discord guild and a Slack team. A match is a conjunction of equality constraints on those
 * attributes; `set(m)` is the set of messages satisfying it. OpenClaw picks, among the bindings
 * whose match contains the message, the one of the most specific tier
 * (peer > guildId > teamId > accountId > channel-wide); within a tier the first listed wins.
 * When no binding matches, the default agent answers.
 *
 * `rank(b) = (tier, index)`: binding `a` beats `b` when `rank(a) < rank(b)`.
 *
 * Peer, guild and team ids range over unbounded sets; the account ranges over the channel's
 * declared accounts when it declares any, and is unbounded otherwise. Under that model:
 *
 * - Shadowing. `b` can never win iff every message of `set(b)` is also in the set of some
 *   binding that beats `b`. With unbounded attributes a finite union of such sets covers
 *   `set(b)` only if one of them does alone (pick values for b's free attributes that no other
 *   match mentions), so: `b` is shadowed iff some `a` beats `b` and `covers(a, b)`; or `b` names
 *   no account, its channel declares a finite account list, and for every declared account `k`
 *   some `a` beating `b` covers `b ∧ accountId = k`.
 *   Consequence: a channel-wide binding is shadowed only by an earlier channel-wide binding of
 *   the same channel, or when every declared account of the channel has its own binding at
 *   account tier or above that covers it (e.g. `{ channel, accountId: k }` for each k).
 * - Redundancy. `b` is redundant iff it is not shadowed and some `a` with the same agent covers
 *   it such that no binding `c` routing to another agent intersects `set(b)` with
 *   `rank(b) < rank(c) < rank(a)`: removing `b` then hands each of its messages to `a` or to
 *   a binding of the same agent.
 */

export type Tier = 'peer' | 'guildId' | 'teamId' | 'accountId' | 'channel';

/** Most specific first. */
export const TIERS: readonly Tier[] = ['peer', 'guildId', 'teamId', 'accountId', 'channel'];

/** The tier a match competes in: its most specific constrained attribute. */
export function tierOf(m: BindingMatch): Tier {
  if (m.peer !== undefined) return 'peer';
  if (m.guildId !== undefined) return 'guildId';
  if (m.teamId !== undefined) return 'teamId';
  if (m.accountId !== undefined) return 'accountId';
  return 'channel';
}

/** Whether `a` outranks `b`: a more specific tier, or the same tier and listed earlier. */
export function beats(a: BindingMatch, aIndex: number, b: BindingMatch, bIndex: number): boolean {
  const ta = TIERS.indexOf(tierOf(a));
  const tb = TIERS.indexOf(tierOf(b));
  return ta < tb || (ta === tb && aIndex < bIndex);
}

function peerKey(m: BindingMatch): string | undefined {
  if (m.peer === undefined) return undefined;
  // `dm` and `direct` name the same conversations (OpenClaw renamed the kind).
  const kind = m.peer.kind === 'dm' ? 'direct' : m.peer.kind;
  return `${kind}:${m.peer.id}`;
}

/** The constrained attributes of a match, as comparable strings. */
function constraints(m: BindingMatch): Record<string, string | undefined> {
  return {
    channel: m.channel,
    accountId: m.accountId,
    peer: peerKey(m),
    guildId: m.guildId,
    teamId: m.teamId,
  };
}

/** `set(a) ⊇ set(b)`: every constraint of `a` is also a constraint of `b`, with the same value. */
export function covers(a: BindingMatch, b: BindingMatch): boolean {
  const ca = constraints(a);
  const cb = constraints(b);
  return Object.keys(ca).every((k) => ca[k] === undefined || ca[k] === cb[k]);
}

/** `set(a) ∩ set(b) ≠ ∅`: no attribute is constrained to two different values. */
export function intersects(a: BindingMatch, b: BindingMatch): boolean {
  const ca = constraints(a);
  const cb = constraints(b);
  return Object.keys(ca).every(
    (k) => ca[k] === undefined || cb[k] === undefined || ca[k] === cb[k],
  );
}

/** Same set of messages. */
export function sameMatch(a: BindingMatch, b: BindingMatch): boolean {
  return covers(a, b) && covers(b, a);
}

/** A short human form: `discord guildId=111 accountId=homebot`. */
export function describeMatch(m: BindingMatch): string {
  const parts: string[] = [m.channel];
  if (m.accountId !== undefined) parts.push(`accountId=${m.accountId}`);
  if (m.peer !== undefined) parts.push(`peer=${m.peer.kind}:${m.peer.id}`);
  if (m.guildId !== undefined) parts.push(`guildId=${m.guildId}`);
  if (m.teamId !== undefined) parts.push(`teamId=${m.teamId}`);
  return parts.join(' ');
}
