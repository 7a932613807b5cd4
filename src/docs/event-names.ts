/**
 * Does a token in a document name an event type? The heuristic behind docs/unknown-event-type,
 * kept apart from the rule so it can be read (and tested) on its own.
 *
 * A token is a candidate when it follows the registry's event-type grammar (two or more
 * dot-separated lower-case segments), which already leaves out anything with `/`, `*`, `:`,
 * spaces or capitals, and numeric versions. Of the candidates, file names (`x.json`), `v1.x`
 * style versions, and names in a namespace no registered event type uses are not event types
 * (`foo.bar` is prose about code; `credit.refunded` next to `credit.reserved` is a typo or an
 * unregistered event). A namespace itself (`geography.market` when `geography.market.archived`
 * is registered) and a field of a registered event (`lesson.delivered.attendance`) are fine.
 */
import { closest } from '../core/did-you-mean.js';

export const EVENT_TYPE_GRAMMAR = /^[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)+$/;

/** Last segments that make a token a file or host name rather than an event type. */
const NOT_EVENT_ENDINGS = new Set([
  'json', 'md', 'markdown', 'mdx', 'txt', 'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx',
  'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'env', 'lock', 'log', 'csv', 'tsv', 'xml', 'html', 'htm', 'css', 'scss',
  'sh', 'bash', 'py', 'rb', 'go', 'rs', 'java', 'kt', 'cs', 'php', 'sql', 'proto', 'avsc', 'graphql', 'gql',
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'pdf', 'zip', 'tgz', 'gz', 'tar',
  'com', 'org', 'net', 'io', 'dev', 'app', 'invalid', 'example', 'local', 'internal',
]);
const VERSIONISH = /^v[0-9]+$/;
const VERSION_SUFFIX = /-v[0-9]+$/;

export type TokenVerdict = { kind: 'registered' | 'ignored' } | { kind: 'unknown'; suggestion?: string };

export class EventTypeIndex {
  private readonly names: ReadonlySet<string>;
  private readonly byFirstSegment = new Map<string, string[]>();
  /** Proper dotted prefixes of registered names: namespaces, not event types. */
  private readonly namespaces = new Set<string>();
  private readonly verdicts = new Map<string, TokenVerdict>();

  constructor(names: Iterable<string>) {
    this.names = new Set(names);
    for (const name of this.names) {
      const segments = name.split('.');
      let group = this.byFirstSegment.get(segments[0]);
      if (!group) this.byFirstSegment.set(segments[0], (group = []));
      group.push(name);
      for (let i = 2; i < segments.length; i++) this.namespaces.add(segments.slice(0, i).join('.'));
    }
  }

  /** Memoized: a document set repeats the same few tokens many times. */
  classify(token: string): TokenVerdict {
    let verdict = this.verdicts.get(token);
    if (!verdict) {
      verdict = this.decide(token);
      this.verdicts.set(token, verdict);
    }
    return verdict;
  }

  private decide(token: string): TokenVerdict {
    if (!EVENT_TYPE_GRAMMAR.test(token)) return { kind: 'ignored' };
    const segments = token.split('.');
    if (NOT_EVENT_ENDINGS.has(segments[segments.length - 1]) || VERSIONISH.test(segments[0])) return { kind: 'ignored' };
    const group = this.byFirstSegment.get(segments[0]);
    if (!group) return { kind: 'ignored' };
    // `lesson.delivered-v1` names version 1 of lesson.delivered.
    const name = token.replace(VERSION_SUFFIX, '');
    if (this.names.has(name)) return { kind: 'registered' };
    if (this.namespaces.has(name)) return { kind: 'ignored' };
    for (let i = 2; i < segments.length; i++) if (this.names.has(segments.slice(0, i).join('.'))) return { kind: 'ignored' };
    // Compare what follows the shared first segment, so a long namespace does not make any name "close".
    const head = segments[0].length + 1;
    const rest = closest(name.slice(head), group.map((g) => g.slice(head)));
    return { kind: 'unknown', suggestion: rest === undefined ? undefined : `${segments[0]}.${rest}` };
  }
}
