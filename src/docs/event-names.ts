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
/** Event names end with what happened (`refund.issued`, `invoice.sent`); `foo.bar` is an identifier. */
const PAST_TENSE = /(?:ed|sent|paid|held|won|lost|made|done|begun|taken|given|written|set|put|cut|shut|spent|built|sold|bought|told|found|left|met|kept|run|seen|undone|withdrawn|drawn|chosen)$/;
/** `x.some_id`, `x.y_at`: a property path, not an event type (event names are verbs: `x.created`, `x.reminder_sent`). */
const FIELD_PATH = /\.(?:[a-z0-9]+_)*(?:id|ids|at|on|by|count|version|type|status|name|key|url|uri|code)$/;
const VERSION_SUFFIX = /-v[0-9]+$/;

const DEFAULT_FIELD_ROOTS = ['payload', 'envelope', 'event', 'events', 'registry', 'event_types', 'id_kinds', 'properties', 'schema', 'config', 'process', 'window', 'console', 'module', 'exports', 'package', 'npm', 'node', 'self', 'this'];

export type TokenVerdict = { kind: 'registered' | 'ignored' } | { kind: 'unknown'; suggestion?: string };

export class EventTypeIndex {
  private readonly names: ReadonlySet<string>;
  private readonly byFirstSegment = new Map<string, string[]>();
  /** Proper dotted prefixes of registered names: namespaces, not event types. */
  private readonly namespaces = new Set<string>();
  private readonly verdicts = new Map<string, TokenVerdict>();

  /** First segments that are places in an event, not namespaces (`payload.x`, `envelope.subject`). */
  private readonly fieldRoots: ReadonlySet<string>;

  constructor(names: Iterable<string>, fieldRoots: Iterable<string> = DEFAULT_FIELD_ROOTS) {
    this.names = new Set(names);
    this.fieldRoots = new Set(fieldRoots);
    for (const name of this.names) {
      const segments = name.split('.');
      const first = segments[0]!; // split always returns one part at least
      let group = this.byFirstSegment.get(first);
      if (!group) this.byFirstSegment.set(first, (group = []));
      group.push(name);
      for (let i = 2; i < segments.length; i++) this.namespaces.add(segments.slice(0, i).join('.'));
    }
  }

  /** Memoized: a document set repeats the same few tokens many times. */
  classify(token: string, where: 'span' | 'fence' = 'fence'): TokenVerdict {
    const key = `${where}\0${token}`;
    let verdict = this.verdicts.get(key);
    if (!verdict) {
      verdict = this.decide(token, where);
      this.verdicts.set(key, verdict);
    }
    return verdict;
  }

  private decide(token: string, where: 'span' | 'fence'): TokenVerdict {
    if (!EVENT_TYPE_GRAMMAR.test(token)) return { kind: 'ignored' };
    const segments = token.split('.');
    // split always returns one part at least
    const first = segments[0]!;
    const last = segments.at(-1)!;
    if (NOT_EVENT_ENDINGS.has(last) || VERSIONISH.test(first)) return { kind: 'ignored' };
    const group = this.byFirstSegment.get(first);
    // In prose, a backticked name shaped like an event type and ending with what happened
    // (`refund.issued`) is one even in a namespace nobody registered yet: a new domain is exactly
    // where names go unregistered. Field paths (`payload.lesson_id`) and identifiers (`foo.bar`)
    // are not. In code blocks only registered namespaces count: code is full of dotted names.
    if (!group) return where === 'span' && PAST_TENSE.test(last) && !FIELD_PATH.test(token) && !this.fieldRoots.has(first) ? { kind: 'unknown' } : { kind: 'ignored' };
    // `lesson.delivered-v1` names version 1 of lesson.delivered.
    const name = token.replace(VERSION_SUFFIX, '');
    if (this.names.has(name)) return { kind: 'registered' };
    if (this.namespaces.has(name)) return { kind: 'ignored' };
    for (let i = 2; i < segments.length; i++) if (this.names.has(segments.slice(0, i).join('.'))) return { kind: 'ignored' };
    // Compare what follows the shared first segment, so a long namespace does not make any name "close".
    const head = first.length + 1;
    const rest = closest(name.slice(head), group.map((g) => g.slice(head)));
    return { kind: 'unknown', suggestion: rest === undefined ? undefined : `${first}.${rest}` };
  }
}
