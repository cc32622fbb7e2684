/** Build step: writes dist/schemas/<kind>.schema.json for editors and other tools. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SCHEMAS, type ContentKind } from './content';
import { jsonSchema } from './validate';

const dir = join(__dirname, '..', 'schemas');
mkdirSync(dir, { recursive: true });
for (const kind of Object.keys(CONTENT_SCHEMAS) as ContentKind[]) {
  writeFileSync(
    join(dir, `${kind.toLowerCase()}.schema.json`),
    `${JSON.stringify(jsonSchema(kind), null, 2)}\n`,
  );
}
