import type { Str } from '../nomad/model';
import { concatStr } from './str';

/**
 * Tags read by the Homepage dashboard (gethomepage.dev) through its Consul/label discovery:
 * `homepage.<key>=<value>`.
 */
export interface HomepageOptions {
  /** Dashboard group the tile goes in, e.g. `AI`. */
  readonly group: string;
  /** Tile title. */
  readonly name: Str;
  /** Icon name or URL (e.g. `openclaw.png`). @default - no icon tag */
  readonly icon?: string;
  /** Link of the tile. @default - no href tag */
  readonly href?: Str;
  /** One line under the title. @default - no description tag */
  readonly description?: Str;
}

export function homepageTags(options: HomepageOptions): Str[] {
  const tags: Str[] = [
    concatStr('homepage.group=', options.group),
    concatStr('homepage.name=', options.name),
  ];
  if (options.icon !== undefined) tags.push(concatStr('homepage.icon=', options.icon));
  if (options.href !== undefined) tags.push(concatStr('homepage.href=', options.href));
  if (options.description !== undefined) {
    tags.push(concatStr('homepage.description=', options.description));
  }
  return tags;
}
