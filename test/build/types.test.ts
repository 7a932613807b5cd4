/**
 * Payload type generation in detail, on an in-memory contract set: names, shared definitions
 * emitted once, IDs as template literals, local definitions shared by identity, `$ref`s with
 * sibling keywords, validation-only keywords dropped, recursion, and the formatting.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { payloadsGenerator } from '../../src/build/gen-payloads.js';
import { literalPrefix, payloadTypeName, sharedTypeName, typeName } from '../../src/build/type-plan.js';
import { tidyDeclarations } from '../../src/build/tidy.js';
import type { BuildFinding } from '../../src/build/type-plan.js';
import { loadContractSet } from '../../src/load/loader.js';
import { MemorySource } from '../../src/load/source.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';

function memory(files: Record<string, unknown>): MemorySource {
  return new MemorySource('mem', new Map(Object.entries(files).map(([p, v]) => [p, new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v, null, 2))])));
}

const IDS = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $defs: {
    person_id: { type: 'string', title: 'Person ID', description: 'A person.', pattern: `^per_${UUID}` },
    money: { type: 'object', description: 'An amount of money.', required: ['amount', 'currency'], additionalProperties: false, properties: { amount: { type: 'integer' }, currency: { enum: ['EUR', 'USD'] } } },
  },
};

const ORDER_V1 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://example.invalid/shop/schema/payloads/shop.order-placed-v1.json',
  title: 'shop.order-placed v1 payload',
  description: 'An order was placed.',
  type: 'object',
  required: ['buyer_id', 'total', 'lines'],
  additionalProperties: false,
  properties: {
    buyer_id: { $ref: '../../../event-envelope/schema/ids-v1.json#/$defs/person_id', description: 'Who ordered.' },
    total: { $ref: '../../../event-envelope/schema/ids-v1.json#/$defs/money' },
    lines: { type: 'array', minItems: 1, items: { type: 'object', required: ['sku'], additionalProperties: false, properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } } } },
    shipping: { $ref: '#/$defs/address' },
    billing: { $ref: '#/$defs/address', description: 'Where the invoice goes.' },
    gift_wrap: { $ref: '#/$defs/address', properties: { note: { type: 'string' } } },
    channel: { type: 'string', anyOf: [{ pattern: '^web' }, { pattern: '^app' }] },
    meta: { type: 'object', title: 'Free-form metadata', properties: { source: { type: 'string', title: 'Source system' } } },
    tree: { $ref: '#/$defs/node' },
  },
  $defs: {
    address: { type: 'object', required: ['city'], additionalProperties: false, properties: { city: { type: 'string' } } },
    node: { type: 'object', additionalProperties: false, properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } } },
  },
};

const ORDER_V2 = { type: 'object', additionalProperties: false, required: ['widget'], properties: { widget: { type: 'string', tsType: 'any' } } };

const REGISTRY = {
  registry_version: '1.0.0',
  id_kinds: { person: { prefix: 'per_', description: 'A person.' }, widget: { prefix: 'wid_', description: 'A widget.' } },
  event_types: {
    'shop.order-placed': {
      contract: 'shop',
      producer: 'sales',
      actors: ['person'],
      status: 'active',
      versions: { 1: { schema: 'shop/schema/payloads/shop.order-placed-v1.json' }, 2: { schema: 'shop/schema/payloads/shop.order-placed-v2.json' } },
    },
  },
};

async function generate(files: Record<string, unknown>): Promise<{ text?: string; problems: BuildFinding[] }> {
  const problems: BuildFinding[] = [];
  const model = loadContractSet(memory(files));
  const out = await payloadsGenerator.generate(model, { files: [], report: (f) => void problems.push(f) });
  return { text: out[0]?.content, problems };
}

describe('type names', () => {
  it('are PascalCase of the segments plus the version, never suffixed', () => {
    assert.equal(payloadTypeName('credit.reserved', '1'), 'CreditReservedV1');
    assert.equal(payloadTypeName('coaching.lesson.confirmation_decided', '2'), 'CoachingLessonConfirmationDecidedV2');
    assert.equal(payloadTypeName('delivery.lesson-hold.created', '10'), 'DeliveryLessonHoldCreatedV10');
    assert.equal(payloadTypeName('a.b-c', '1'), payloadTypeName('a.b_c', '1'));
    assert.equal(typeName('v2beta.x'), 'V2BetaX');
    assert.equal(typeName('3d.print'), 'T3DPrint');
    assert.equal(sharedTypeName('event-envelope/schema/ids-v1.json', '/$defs/person_id'), 'PersonId');
    assert.equal(sharedTypeName('common/schema/money-v1.json', ''), 'MoneyV1');
    assert.equal(sharedTypeName('common/schema/money-v1.json', '/$defs/money/properties/currency'), 'MoneyV1MoneyCurrency');
    assert.equal(sharedTypeName('common/schema/money-v1.json', '/properties/currency'), 'MoneyV1Currency');
  });

  it('read ID prefixes only from a plain leading literal', () => {
    assert.equal(literalPrefix({ type: 'string', pattern: `^per_${UUID}` }), 'per_');
    assert.equal(literalPrefix({ type: 'string', pattern: '^abc?d' }), 'ab');
    assert.equal(literalPrefix({ type: 'string', pattern: '^(per|org)_' }), undefined);
    assert.equal(literalPrefix({ type: 'string', pattern: '^per_|^org_' }), undefined);
    assert.equal(literalPrefix({ type: 'integer', pattern: '^per_' }), undefined);
    assert.equal(literalPrefix({ type: 'string', enum: ['per_x'], pattern: '^per_' }), undefined);
    assert.equal(literalPrefix({ type: 'string', pattern: 'per_' }), undefined);
  });
});

describe('payloads.d.ts', () => {
  it('emits shared definitions once, names nested types after their interface, and drops what only validates', async () => {
    const { text, problems } = await generate({
      'event-types-registry.json': REGISTRY,
      'event-envelope/schema/ids-v1.json': IDS,
      'shop/schema/payloads/shop.order-placed-v1.json': ORDER_V1,
      'shop/schema/payloads/shop.order-placed-v2.json': ORDER_V2,
    });
    assert.deepEqual(problems, []);
    assert.equal(text, EXPECTED);
  });

  it('types data keywords holding a "$ref" member (examples, defaults, vendor data, as in AsyncAPI\'s schema) as if they were absent, instead of failing', async () => {
    const files = (v2: unknown) => ({ 'event-types-registry.json': REGISTRY, 'event-envelope/schema/ids-v1.json': IDS, 'shop/schema/payloads/shop.order-placed-v1.json': ORDER_V1, 'shop/schema/payloads/shop.order-placed-v2.json': v2 });
    const dataRef = { $ref: '#/components/schemas/Pet' };
    const withData = {
      ...ORDER_V2,
      examples: [{ widget: 'wid_1', pet: dataRef }],
      properties: {
        widget: { ...ORDER_V2.properties.widget, default: { nested: [dataRef] }, examples: [dataRef] },
        size: { type: 'string', default: 'M', 'x-source': { see: dataRef } },
      },
    };
    const plain = { ...ORDER_V2, properties: { widget: ORDER_V2.properties.widget, size: { type: 'string', default: 'M' } } };
    const withDataOut = await generate(files(withData));
    assert.deepEqual(withDataOut.problems, []);
    assert.equal(withDataOut.text, (await generate(files(plain))).text);
    assert.match(withDataOut.text ?? '', /size\?: string;/);
  });

  it('reports a schema whose name would collide with an export of events.d.ts', async () => {
    const ids = { $defs: { ...IDS.$defs, event_type: { type: 'string' } } };
    const { text, problems } = await generate({ 'event-types-registry.json': REGISTRY, 'event-envelope/schema/ids-v1.json': ids, 'shop/schema/payloads/shop.order-placed-v1.json': ORDER_V1, 'shop/schema/payloads/shop.order-placed-v2.json': ORDER_V2 });
    assert.equal(text, undefined);
    assert.deepEqual(problems, [
      {
        rule: 'build/type-name-collision',
        file: 'event-envelope/schema/ids-v1.json',
        pointer: '/$defs/event_type',
        at: 'key',
        message:
          'the shared definition event-envelope/schema/ids-v1.json#/$defs/event_type would get the TypeScript name "EventType", which is already a name exported by events.d.ts; type names are PascalCase of the name split on ".", "-" and "_" (plus V<version> for payloads) and are never suffixed, so rename one of them',
      },
    ]);
  });
});

describe('tidyDeclarations', () => {
  it('indents, terminates members and separates declarations', () => {
    assert.equal(
      tidyDeclarations('/**\n * A\n * \n */\nexport interface A {\nb?: ({\nc: "}"\n} | {\nd: `x${string}`\n})\ne: string[]\n}\nexport type F = ("a" | "b")\n'),
      '/**\n * A\n *\n */\nexport interface A {\n  b?: ({\n    c: "}";\n  } | {\n    d: `x${string}`;\n  });\n  e: string[];\n}\n\nexport type F = ("a" | "b");\n',
    );
  });
});

const EXPECTED = `// Generated by \`sguild-contracts build\` from the contracts folder. Do not edit: change the contracts and rebuild.

/**
 * An amount of money.
 */
export interface Money {
  amount: number;
  currency: ("EUR" | "USD");
}

/**
 * Person ID
 *
 * A person.
 *
 * @pattern ^per_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$
 */
export type PersonId = \`per_\${string}\`;

/**
 * ID of kind "widget"
 *
 * A widget.
 */
export type WidgetId = \`wid_\${string}\`;

/**
 * shop.order-placed v1 payload
 *
 * An order was placed.
 */
export interface ShopOrderPlacedV1 {
  /**
   * Who ordered.
   */
  buyer_id: PersonId;
  total: Money;
  /**
   * @minItems 1
   */
  lines: ShopOrderPlacedV1LinesItem[];
  shipping?: ShopOrderPlacedV1Address;
  /**
   * Where the invoice goes.
   */
  billing?: ShopOrderPlacedV1Address;
  gift_wrap?: (ShopOrderPlacedV1Address & {
    note?: string;
    [k: string]: unknown | undefined;
  });
  channel?: string;
  meta?: ShopOrderPlacedV1Meta;
  tree?: ShopOrderPlacedV1Node;
}

export interface ShopOrderPlacedV1LinesItem {
  sku: string;
  /**
   * @minimum 1
   */
  qty?: number;
}

export interface ShopOrderPlacedV1Address {
  city: string;
}

/**
 * Free-form metadata
 */
export interface ShopOrderPlacedV1Meta {
  /**
   * Source system
   */
  source?: string;
  [k: string]: unknown | undefined;
}

export interface ShopOrderPlacedV1Node {
  children?: ShopOrderPlacedV1Node[];
}

export interface ShopOrderPlacedV2 {
  widget: string;
}
`;
