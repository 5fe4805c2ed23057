/**
 * `npm run openapi`: writes the API's OpenAPI document (docs/openapi.json) and the portal's types
 * generated from it (portal/src/api-schema.ts), from the zod schemas of the routes and answers.
 */
import fs from 'node:fs';
import { openApiFiles } from './openapi-files';

for (const [file, text] of Object.entries(await openApiFiles())) {
  fs.writeFileSync(file, text);
  process.stdout.write(`${file}\n`);
}
