import fs from 'node:fs';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { Assessment as AssessmentAnswer, Task, TaskPage } from '../../functions/api/answers';
import type { Assessment } from '../../shared/domain/indicators';
import type { TaskView } from '../../shared/domain/task';
import { ACCESS } from '../../functions/api/access';
import { ROUTE_KEYS, handler } from '../../functions/api/handler';
import { httpRoutes } from '../../infra/topology';
import { OPENAPI_FILE, apiDocument, openApiFiles } from '../../infra/tools/openapi-files';

interface Doc {
  paths: Record<string, Record<string, { security?: unknown[]; 'x-route-key': string; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
}
const doc = apiDocument() as unknown as Doc;

async function getDocument() {
  const event = {
    version: '2.0',
    routeKey: 'GET /openapi.json',
    rawPath: '/openapi.json',
    headers: {},
    isBase64Encoded: false,
    requestContext: { requestId: 'req-openapi' },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  return (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
}

describe('the OpenAPI document', () => {
  it('has every route of the topology, with its method, and no other; open where the topology is', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, open: Array.isArray(op.security) && op.security.length === 0, op })),
    );
    expect(documented.map((d) => d.key).sort()).toEqual(
      httpRoutes()
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
    expect(documented.map((d) => d.key).sort()).toEqual([...ROUTE_KEYS].sort());
    for (const d of documented) {
      expect(d.op['x-route-key']).toBe(d.key);
      const route = httpRoutes().find((r) => `${r.method} ${r.path}` === d.key)!;
      expect(d.open, d.key).toBe(!route.auth);
      expect(d.open, d.key).toBe(ACCESS[d.key as keyof typeof ACCESS] === 'public');
      // A guarded route documents the refusals every guarded route can give.
      if (!d.open) expect(Object.keys(d.op.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('passes the Redocly linter (recommended rules) with no error and no warning', async () => {
    // The project publishes no licence: the one rule of the set that does not apply.
    const config = await createConfig({ extends: ['recommended'], rules: { 'info-license': 'off' } });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const shown = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`);
    expect(shown).toEqual([]);
  });

  it('is linted for real: a document with an undeclared path parameter and no answers fails', async () => {
    const config = await createConfig({ extends: ['recommended'], rules: { 'info-license': 'off' } });
    const broken = structuredClone(doc) as unknown as { paths: Record<string, unknown> };
    broken.paths['/tasks/{id}/broken'] = { get: { operationId: 'broken', summary: 'Broken', responses: {} } };
    const problems = await lintFromString({ source: JSON.stringify(broken), absoluteRef: 'openapi.json', config });
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.ruleId)).toEqual(expect.arrayContaining(['path-parameters-defined']));
  });

  it('has answer schemas that fit what the routes build (checked by the compiler)', () => {
    expectTypeOf<TaskView>().toExtend<z.output<typeof Task>>();
    expectTypeOf<{ items: TaskView[]; nextCursor?: string }>().toExtend<z.output<typeof TaskPage>>();
    expectTypeOf<Assessment>().toExtend<z.output<typeof AssessmentAnswer>>();
  });

  it('is served at GET /openapi.json without a token, as generated', async () => {
    const res = await getDocument();
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toContain('application/json');
    expect(JSON.parse(res.body ?? '')).toEqual(doc);
  });

  it('is the one in the repository, and so are the portal types generated from it (`npm run openapi` writes both)', async () => {
    const files = await openApiFiles();
    for (const [file, text] of Object.entries(files)) expect(fs.readFileSync(file, 'utf8'), `${file}: run npm run openapi`).toBe(text);
    expect(JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8'))).toEqual(doc);
  });
});
