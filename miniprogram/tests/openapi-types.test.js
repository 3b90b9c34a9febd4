// The type generator: JSON Schema shapes the API documents, as the TypeScript the app is checked against.
const { generate, tsType } = require('../scripts/openapi-types')

test('schema shapes become TypeScript types', () => {
  expect(tsType({ type: ['string', 'null'] }, 0)).toBe('string | null')
  expect(tsType({ enum: ['a', 'b'] }, 0)).toBe('"a" | "b"')
  expect(tsType({ $ref: '#/components/schemas/Slot' }, 0)).toBe('Slot')
  expect(tsType({ type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 }, 0)).toBe('[string, string]')
  expect(tsType({ type: 'array', items: { type: 'integer' } }, 0)).toBe('Array<number>')
  expect(tsType({}, 0)).toBe('unknown')
  expect(tsType({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'string' } }, required: ['a'] }, 0))
    .toBe('{\n  a: number\n  b?: string\n}')
})

test('only the /mp operations and the schemas they reach are generated', () => {
  const doc = {
    paths: {
      '/mp/things/{id}': { get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } } },
      '/staff/secret': { get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Secret' } } } } } } },
    },
    components: {
      schemas: {
        Thing: { type: 'object', properties: { part: { $ref: '#/components/schemas/Part' } }, required: ['part'] },
        Part: { type: 'string' },
        Secret: { type: 'string' },
        Error: { type: 'object', properties: { error: { type: 'object' } }, required: ['error'] },
      },
    },
  }
  const out = generate(doc)
  expect(out).toContain('export type Thing = {\n  part: Part\n}')
  expect(out).toContain('export type Part = string')
  expect(out).not.toContain('Secret')
  expect(out).toContain('"GET /mp/things/{id}": { body: never; response: Thing }')
})
