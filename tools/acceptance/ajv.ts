import { createRequire } from 'node:module';
import { Ajv, type Plugin } from 'ajv';

// ajv-formats is CommonJS: require it as such rather than guess how ESM wraps its default export.
const addFormats = createRequire(import.meta.url)('ajv-formats') as Plugin<unknown>;

/** ajv 8 in strict mode, draft-07, with Airbyte's UI keywords and the standard formats. */
export function airbyteAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true });
  ajv.addVocabulary([
    'airbyte_secret',
    'airbyte_hidden',
    'order',
    'group',
    'display_type',
    'multiline',
    'always_show',
    'pattern_descriptor',
  ]);
  addFormats(ajv, undefined);
  return ajv;
}
