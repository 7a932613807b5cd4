/** Parses an AsyncAPI document with @asyncapi/parser and returns its error diagnostics (severity 0). */
import { Parser } from '@asyncapi/parser';

let parser: Parser | undefined;

export async function asyncApiErrors(document: unknown): Promise<{ parsed: boolean; errors: string[]; total: number }> {
  parser ??= new Parser();
  const { document: parsed, diagnostics } = await parser.parse(JSON.stringify(document));
  const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.code}: ${d.message} at ${d.path.join('/')}`);
  return { parsed: parsed !== undefined, errors, total: diagnostics.length };
}
