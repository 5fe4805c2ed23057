/**
 * The API's OpenAPI document and the portal's types generated from it, as the files in the
 * repository hold them: `docs/openapi.json` and `portal/src/api-schema.ts` (`npm run openapi`
 * writes both; a test checks they are up to date).
 */
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';
import { ACCESS } from '../../functions/api/access';
import { openApiDocument } from '../../functions/api/openapi';

export const OPENAPI_FILE = 'docs/openapi.json';
export const PORTAL_TYPES_FILE = 'portal/src/api-schema.ts';

/** The document, as GET /openapi.json serves it. */
export const apiDocument = () => openApiDocument((key) => ACCESS[key] === 'public');

async function formatted(text: string, file: string): Promise<string> {
  return prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
}

/** The two files' contents, by path. */
export async function openApiFiles(): Promise<Record<string, string>> {
  const doc = apiDocument();
  const types = astToString(await openapiTS(structuredClone(doc) as unknown as Parameters<typeof openapiTS>[0]));
  const header = '/**\n * The API contract as TypeScript types, generated from docs/openapi.json by `npm run openapi`: do not edit.\n */\n';
  return {
    [OPENAPI_FILE]: await formatted(JSON.stringify(doc, null, 2), OPENAPI_FILE),
    [PORTAL_TYPES_FILE]: await formatted(header + types, PORTAL_TYPES_FILE),
  };
}
