/**
 * The event catalog: a static site generated from the contract set, readable from file:// or any
 * static host (relative links only, no fetch, no external resource). Pure: a model in, the files
 * out; the CLI writes them with the build's output mechanism (atomic, manifest, byte-identical).
 *
 *   index.html             every event type, with search and filters; services; flows
 *   events/<type>.html     description, producer, consumers, patterns, every version's fields,
 *                          example and changes from the previous version (the diff engine)
 *   services/<name>.html   what the service sends and receives, as a map
 *   flows/<name>.html      the flow's steps, as a sequence across services
 */
import type { GeneratedFile } from '../build/generator-types.js';
import { byCodeUnit } from '../build/type-plan.js';
import { diffSchemaFiles } from '../diff/contract-diff.js';
import { DEFAULT_DIFF_OPTIONS, type Change, type DiffOptions } from '../diff/types.js';
import type { ContractSet, EventTypeEntry, ExampleFile, FlowEntry, Registry, ServiceEntry } from '../model/types.js';
import { resolveMode } from '../model/compatibility.js';
import { CATALOG_CSS, CATALOG_JS } from './assets.js';
import { fieldRows } from './fields.js';
import { escapeHtml as h, fileName, page } from './html.js';
import { mapDiagram, sequenceDiagram } from './svg.js';

/** The pages show each change's kind, severity and message, never its witness value: any witness will do. */
const CHANGES_OPTIONS: DiffOptions = { ...DEFAULT_DIFF_OPTIONS, witnesses: 'any' };

export function buildCatalog(model: ContractSet): GeneratedFile[] {
  const registry = model.registry;
  const files: GeneratedFile[] = [
    { path: 'assets/catalog.css', content: CATALOG_CSS },
    { path: 'assets/catalog.js', content: CATALOG_JS },
  ];
  const types = registry ? [...registry.eventTypes.values()].sort((a, b) => byCodeUnit(a.name, b.name)) : [];
  const services = registry ? [...serviceNames(registry)].sort(byCodeUnit) : [];
  const flows = registry ? [...registry.flows.values()].sort((a, b) => byCodeUnit(a.name, b.name)) : [];
  files.push({ path: 'index.html', content: indexPage(model, types, services, flows) });
  const examples = new Map<string, ExampleFile>();
  for (const x of model.examples) {
    const key = `${x.eventType}\0${x.version}`;
    if (x.eventType !== undefined && x.doc.ok && !examples.has(key)) examples.set(key, x);
  }
  const flowsOf = new Map<string, FlowEntry[]>();
  for (const flow of flows) for (const type of new Set(flow.steps.map((s) => s.eventType))) if (type !== undefined) flowsOf.set(type, [...(flowsOf.get(type) ?? []), flow]);
  for (const entry of types) files.push({ path: `events/${fileName(entry.name)}.html`, content: eventPage(model, registry!, entry, flowsOf.get(entry.name) ?? [], examples) });
  for (const name of services) files.push({ path: `services/${fileName(name)}.html`, content: servicePage(registry!, name, types, flows) });
  for (const flow of flows) files.push({ path: `flows/${fileName(flow.name)}.html`, content: flowPage(registry!, flow) });
  return files;
}

/** Declared services, plus producers and consumers that are not declared (check reports those). */
function serviceNames(registry: Registry): Set<string> {
  const names = new Set(registry.services.keys());
  for (const e of registry.eventTypes.values()) {
    if (e.producer !== undefined) names.add(e.producer);
    for (const c of e.consumers) if (c.service !== undefined) names.add(c.service);
  }
  return names;
}

const eventHref = (root: string, type: string) => `${root}events/${fileName(type)}.html`;
const serviceHref = (root: string, name: string) => `${root}services/${fileName(name)}.html`;
const flowHref = (root: string, name: string) => `${root}flows/${fileName(name)}.html`;
const link = (href: string, text: string) => `<a href="${h(href)}">${h(text)}</a>`;
const badge = (status: string | undefined) => (status ? `<span class="badge status-${h(status)}">${h(status)}</span>` : '');
const consumerNames = (e: EventTypeEntry) => [...new Set(e.consumers.map((c) => c.service).filter((s): s is string => s !== undefined))].sort(byCodeUnit);
const options = (values: readonly string[]) => values.map((v) => `<option value="${h(v)}">${h(v)}</option>`).join('');

function indexPage(model: ContractSet, types: readonly EventTypeEntry[], services: readonly string[], flows: readonly FlowEntry[]): string {
  const distinct = (f: (e: EventTypeEntry) => (string | undefined)[]) => [...new Set(types.flatMap(f).filter((v): v is string => v !== undefined))].sort(byCodeUnit);
  const rows = types.map((e) => {
    const consumers = consumerNames(e);
    const search = [e.name, e.description ?? '', e.producer ?? '', e.contract ?? '', ...consumers].join(' ').toLowerCase();
    return `<tr class="${e.status === 'deprecated' ? 'deprecated' : ''}" data-search="${h(search)}" data-producer="${h(e.producer ?? '')}" data-contract="${h(e.contract ?? '')}" data-status="${h(e.status ?? '')}" data-consumers="${h(consumers.join(' '))}"><td>${link(eventHref('', e.name), e.name)}${e.status === 'deprecated' ? badge('deprecated') : ''}</td><td>${h(e.producer ?? '')}</td><td>${h(e.contract ?? '')}</td><td>${h(e.status ?? '')}</td><td>${[...e.versions.keys()].map((v) => `v${h(v)}`).join(', ')}</td><td>${consumers.map(h).join(', ')}</td><td>${h(e.description ?? '')}</td></tr>`;
  });
  const registry = model.registry;
  const body = `<h1>Event catalog</h1>
<p class="muted">${types.length} event types, ${services.length} services, ${flows.length} flows${registry?.registryVersion ? ` · registry ${h(registry.registryVersion)}` : ''}</p>
<h2>Event types</h2>
<div class="filters">
<input id="search" type="search" placeholder="Search event types, descriptions, services…" aria-label="Search">
<label>Producer <select data-filter="producer" aria-label="Producer"><option value="">any</option>${options(distinct((e) => [e.producer]))}</select></label>
<label>Contract <select data-filter="contract" aria-label="Contract"><option value="">any</option>${options(distinct((e) => [e.contract]))}</select></label>
<label>Status <select data-filter="status" aria-label="Status"><option value="">any</option>${options(distinct((e) => [e.status]))}</select></label>
<label>Consumer <select data-filter="consumers" aria-label="Consumer"><option value="">any</option>${options(distinct((e) => consumerNames(e)))}</select></label>
<span><span id="count">${types.length}</span> shown</span>
</div>
<table id="events"><thead><tr><th>Event type</th><th>Producer</th><th>Contract</th><th>Status</th><th>Versions</th><th>Consumers</th><th>Description</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
<p id="empty" hidden>No event type matches.</p>
<h2>Services</h2>
<table><thead><tr><th>Service</th><th>Owner</th><th>Description</th></tr></thead><tbody>
${services.map((s) => { const e = registry?.services.get(s); return `<tr><td>${link(serviceHref('', s), s)}</td><td>${h(e?.owner ?? '')}</td><td>${h(e?.description ?? (e ? '' : 'not declared in services'))}</td></tr>`; }).join('\n')}
</tbody></table>
<h2>Flows</h2>
<table><thead><tr><th>Flow</th><th>Steps</th><th>Description</th></tr></thead><tbody>
${flows.map((f) => `<tr><td>${link(flowHref('', f.name), f.name)}</td><td>${f.steps.map((s) => h(s.eventType ?? '?')).join(' → ')}</td><td>${h(f.description ?? '')}</td></tr>`).join('\n')}
</tbody></table>`;
  return page({ title: 'Event catalog', root: '', body, script: true });
}

function idPattern(model: ContractSet, kind: string | undefined): string | undefined {
  if (kind === undefined) return undefined;
  const defs = (model.ids?.doc.value as { $defs?: Record<string, { pattern?: unknown }> } | undefined)?.$defs;
  const def = defs && Object.hasOwn(defs, `${kind}_id`) ? defs[`${kind}_id`] : undefined;
  return typeof def?.pattern === 'string' ? def.pattern : undefined;
}

function actorPattern(model: ContractSet, actor: string, producer: string | undefined): string {
  if (actor === 'person') return idPattern(model, 'person') ?? 'a person ID';
  if (actor === 'system') return `system:${producer ?? '<producer>'}`;
  return actor;
}

function eventPage(model: ContractSet, registry: Registry, entry: EventTypeEntry, inFlows: readonly FlowEntry[], examples: ReadonlyMap<string, ExampleFile>): string {
  const root = '../';
  const consumers = consumerNames(entry);
  const subjectPattern = idPattern(model, entry.subject);
  const prefix = entry.subject !== undefined ? registry.idKinds.get(entry.subject)?.prefix : undefined;
  const diagram = mapDiagram(
    `${entry.producer ?? 'unknown producer'} emits ${entry.name}, read by ${consumers.join(', ') || 'no declared consumer'}`,
    entry.producer !== undefined ? [{ label: entry.producer, href: serviceHref(root, entry.producer), note: 'producer' }] : [],
    { label: entry.name, note: [...entry.versions.keys()].map((v) => `v${v}`).join(', ') },
    entry.consumers.filter((c) => c.service !== undefined).map((c) => ({ label: c.service!, href: serviceHref(root, c.service!), note: `reads ${c.versions.map((v) => `v${v}`).join(', ')}` })),
    'no producer',
    'no declared consumer',
  );
  const versions = [...entry.versions.values()];
  const sections = versions.map((version, i) => {
    const schema = version.schema !== undefined ? model.json.get(version.schema) : undefined;
    const rows = schema?.doc.ok ? fieldRows(model, schema.path, schema.doc.value) : [];
    const table = schema?.doc.ok
      ? rows.length
        ? `<table class="fields"><thead><tr><th>Field</th><th>Type</th><th>Required</th><th>Constraints</th><th>Description</th></tr></thead><tbody>
${rows.map((r) => `<tr class="depth-${Math.min(r.depth, 3)}"><td><code>${h(r.path)}</code></td><td>${h(r.type)}</td><td>${r.required ? '<span class="req" title="required">✱ required</span>' : '<span class="muted">optional</span>'}</td><td>${r.constraints.map((c) => h(c)).join('<br>')}</td><td>${h(r.description)}</td></tr>`).join('\n')}
</tbody></table>`
        : '<p class="muted">The payload declares no properties.</p>'
      : `<p class="muted">No readable payload schema${version.schema ? ` at <code>${h(version.schema)}</code>` : ''}.</p>`;
    const example = examples.get(`${entry.name}\0${version.version}`);
    const previous = i > 0 ? versions[i - 1] : undefined;
    let changes = '';
    if (previous) {
      const list: Change[] =
        previous.schema !== undefined && version.schema !== undefined && model.json.get(previous.schema)?.doc.ok && schema?.doc.ok ? diffSchemaFiles(model, previous.schema, model, version.schema, CHANGES_OPTIONS) : [];
      const relevant = list.filter((c) => c.kind !== 'TITLE_CHANGED' && c.kind !== 'ID_CHANGED');
      changes = `<h4>Changes from v${h(previous.version)}</h4>${
        relevant.length
          ? `<table class="changes"><thead><tr><th>Severity</th><th>Change</th><th>Details</th></tr></thead><tbody>${relevant.map((c) => `<tr><td class="sev-${c.severity}">${h(c.severity)}</td><td><code>${h(c.kind)}</code></td><td>${h(c.message)}</td></tr>`).join('')}</tbody></table>`
          : '<p class="muted">No change to the payload schema.</p>'
      }`;
    }
    return `<section class="version" id="v${h(version.version)}">
<h3>Version ${h(version.version)}${version.status && version.status !== entry.status ? badge(version.status) : ''}</h3>
${version.schema ? `<p class="muted">Payload schema: <code>${h(version.schema)}</code></p>` : ''}
${table}
${changes}
<h4>Example</h4>
${example ? `<pre class="example"><code>${h(JSON.stringify(example.doc.value, null, 2))}</code></pre>` : '<p class="muted">No example event for this version.</p>'}
</section>`;
  });
  const body = `<h1 class="${entry.status === 'deprecated' ? 'deprecated' : ''}"><span class="name">${h(entry.name)}</span>${badge(entry.status)}</h1>
${entry.status === 'deprecated' ? `<p class="sev-breaking">Deprecated${consumers.length ? `: still consumed by ${consumers.map(h).join(', ')}` : ''}.</p>` : ''}
<p>${h(entry.description ?? '')}</p>
<dl class="facts">
<dt>Producer</dt><dd>${entry.producer !== undefined ? link(serviceHref(root, entry.producer), entry.producer) : '—'}</dd>
<dt>Contract</dt><dd>${h(entry.contract ?? '—')}</dd>
<dt>Compatibility</dt><dd>${(() => { const m = resolveMode(registry, entry.name); return `${h(m.mode)} <span class="muted">(${h(m.source)})</span>`; })()}</dd>
<dt>Subject</dt><dd>${entry.subject !== undefined ? `${h(entry.subject)}${prefix ? ` (<code>${h(prefix)}</code>)` : ''}${subjectPattern ? ` — <code>${h(subjectPattern)}</code>` : ''}` : '—'}</dd>
<dt>Actors</dt><dd>${(entry.actors ?? []).map((a) => `${h(a)}: <code>${h(actorPattern(model, a, entry.producer))}</code>`).join('<br>') || '—'}</dd>
<dt>Consumers</dt><dd>${entry.consumers.length ? entry.consumers.map((c) => `${c.service !== undefined ? link(serviceHref(root, c.service), c.service) : '?'} (${c.versions.map((v) => `v${h(v)}`).join(', ')})`).join(', ') : 'none declared'}</dd>
<dt>Flows</dt><dd>${inFlows.length ? inFlows.map((f) => link(flowHref(root, f.name), f.name)).join(', ') : 'none'}</dd>
</dl>
<h2>Producer → event → consumers</h2>
${diagram}
<h2>Versions</h2>
${sections.join('\n')}`;
  return page({ title: `${entry.name} · Event catalog`, root, body });
}

function servicePage(registry: Registry, name: string, types: readonly EventTypeEntry[], flows: readonly FlowEntry[]): string {
  const root = '../';
  const service: ServiceEntry | undefined = registry.services.get(name);
  const sends = types.filter((e) => e.producer === name);
  const reads = types.filter((e) => e.consumers.some((c) => c.service === name));
  const inFlows = flows.filter((f) => f.steps.some((s) => s.producer === name));
  const diagram = mapDiagram(
    `${name} reads ${reads.length} and sends ${sends.length} event types`,
    reads.map((e) => ({ label: e.name, href: eventHref(root, e.name), note: `from ${e.producer ?? '?'}`, muted: false })),
    { label: name, note: service?.owner ? `owner: ${service.owner}` : undefined },
    sends.map((e) => ({ label: e.name, href: eventHref(root, e.name), note: consumerNames(e).length ? `to ${consumerNames(e).join(', ')}` : 'no declared consumer' })),
    'reads no event',
    'sends no event',
  );
  const list = (entries: readonly EventTypeEntry[], what: (e: EventTypeEntry) => string) =>
    entries.length ? `<ul>${entries.map((e) => `<li>${link(eventHref(root, e.name), e.name)}${e.status === 'deprecated' ? badge('deprecated') : ''} — ${h(what(e))}</li>`).join('')}</ul>` : '<p class="muted">None.</p>';
  const body = `<h1>${h(name)}</h1>
${service ? `<p>${h(service.description ?? '')}</p><dl class="facts"><dt>Owner</dt><dd>${h(service.owner ?? '—')}</dd></dl>` : '<p class="sev-warning">Not declared in the registry\'s services.</p>'}
<h2>Events read and sent</h2>
${diagram}
<h2>Sends</h2>
${list(sends, (e) => (consumerNames(e).length ? `read by ${consumerNames(e).join(', ')}` : 'no declared consumer'))}
<h2>Reads</h2>
${list(reads, (e) => `from ${e.producer ?? '?'}, versions ${e.consumers.filter((c) => c.service === name).flatMap((c) => c.versions).map((v) => `v${v}`).join(', ')}`)}
<h2>Flows</h2>
${inFlows.length ? `<ul>${inFlows.map((f) => `<li>${link(flowHref(root, f.name), f.name)}</li>`).join('')}</ul>` : '<p class="muted">None.</p>'}`;
  return page({ title: `${name} · Event catalog`, root, body });
}

function flowPage(registry: Registry, flow: FlowEntry): string {
  const root = '../';
  const steps = flow.steps.map((s) => ({ participant: s.producer ?? '?', label: s.eventType ?? '?', href: s.eventType !== undefined ? eventHref(root, s.eventType) : undefined }));
  const diagram = sequenceDiagram(`Flow ${flow.name}: ${flow.steps.map((s) => s.eventType ?? '?').join(' → ')}`, steps, (p) => serviceHref(root, p));
  const body = `<h1>${h(flow.name)}</h1>
<p>${h(flow.description ?? '')}</p>
<h2>Sequence</h2>
${diagram}
<h2>Steps</h2>
<table><thead><tr><th>#</th><th>Event type</th><th>Producer</th><th>How</th></tr></thead><tbody>
${flow.steps.map((s, i) => { const e = s.eventType !== undefined ? registry.eventTypes.get(s.eventType) : undefined; return `<tr><td>${i + 1}</td><td>${s.eventType !== undefined ? link(eventHref(root, s.eventType), s.eventType) : '?'}${e?.status === 'deprecated' ? badge('deprecated') : ''}</td><td>${s.producer !== undefined ? link(serviceHref(root, s.producer), s.producer) : '?'}</td><td>${h(s.description ?? '')}</td></tr>`; }).join('\n')}
</tbody></table>`;
  return page({ title: `${flow.name} · Event catalog`, root, body });
}
