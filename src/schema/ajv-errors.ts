/**
 * ajv's errors in the tool's words: one message and one JSON pointer per error, shared by
 * `validate`, the examples rules and the generated validators (which bundle this module).
 * Imports nothing that compiles schemas, so it can run inside the generated module.
 */
import { describePatternRisk } from '../core/safe-regexp.js';

/** What an ajv error looks like, in-process or from standalone code. */
export interface AjvErrorLike {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A schema value as JSON; one nested too deeply for JSON.stringify is described instead of crashing. */
function show(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '(a value nested too deeply to show)';
  }
}

export function describeAjvError(e: AjvErrorLike): string {
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return `missing required property "${String(p.missingProperty)}"`;
    case 'additionalProperties':
      return `property "${String(p.additionalProperty)}" is not allowed`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map(show).join(', ')}`;
    case 'const':
      return `must be ${show(p.allowedValue)}`;
    case 'type':
      return `must be ${String(p.type)}`;
    case 'pattern':
      return describePatternRisk(String(p.pattern)) ?? `must match pattern ${String(p.pattern)}`;
    case 'format':
      return `must be a valid ${String(p.format)}`;
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

/** A JSON pointer segment (RFC 6901). */
export const escapeSegment = (s: unknown): string => String(s).replace(/~/g, '~0').replace(/\//g, '~1');

/** The pointer of the value an error is about: a missing or extra property points at itself. */
export function errorPointer(e: AjvErrorLike): string {
  const p = e.params;
  if (e.keyword === 'required' || e.keyword === 'dependentRequired') return e.instancePath + '/' + escapeSegment(p.missingProperty);
  if (e.keyword === 'additionalProperties') return e.instancePath + '/' + escapeSegment(p.additionalProperty);
  if (e.keyword === 'unevaluatedProperties') return e.instancePath + '/' + escapeSegment(p.unevaluatedProperty);
  return e.instancePath;
}
