/**
 * The functions' table grants (infra/topology.ts), enforced locally as IAM enforces the stack's
 * statements: a function's DynamoDB request is allowed only when one of its grants has the action,
 * names the table (or the index queried) and matches every partition key of the request with one
 * of its patterns (`ForAllValues:StringLike` on `dynamodb:LeadingKeys`). A transaction is
 * authorised item by item with the action each item performs, and refused whole when one is not.
 *
 * The local Lambda runner records which function is running (`asFunction`); the emulator's SDK
 * middleware names it on each DynamoDB request, and the DynamoDB gate (dynamodb-gate.ts) asks
 * `authorize` before DynamoDB Local sees the request. Calls made outside any function (tests,
 * seeding, tools) carry no name and are not restricted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { functions as topologyFunctions, table as topologyTable, type FunctionSpec, type TableGrant, type TableSpec } from '../topology';
import type { ServiceClient, ServiceName } from '../../shared/runtime/clients';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './config';

const running = new AsyncLocalStorage<string>();

/** Runs `fn` as the function `name`: its DynamoDB requests are held to that function's grants. */
export const asFunction = <T>(name: string, fn: () => T): T => running.run(name, fn);

/** The function whose code is running here, if any. */
export const currentFunction = (): string | undefined => running.getStore();

/** The HTTP header by which the emulator's SDK clients name the function making a request. */
export const FUNCTION_HEADER = 'x-dondoc-function';

type AttributeValue = Record<string, unknown>;
type Key = Record<string, AttributeValue>;
type Body = Record<string, unknown>;

/** One authorisation IAM makes for a request: an action on the table or one index, for these partition keys. */
export interface Check {
  action: string;
  index?: string;
  keys: string[];
}

export type Decision = { allowed: true } | { allowed: false; action: string; resource: string; message: string };

const tableArn = (tableName: string) => `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${tableName}`;

/** A partition key value as IAM sees it: the string of a string, number or binary attribute. */
function scalar(av: AttributeValue | undefined): string | undefined {
  if (!av || typeof av !== 'object') return undefined;
  const v = av.S ?? av.N ?? av.B;
  return typeof v === 'string' ? v : undefined;
}

const keyOf = (item: unknown, pk: string): string[] => {
  const v = scalar((item as Key | undefined)?.[pk]);
  return v === undefined ? [] : [v];
};

/** The partition key value a Query names: `<pk> = :v` in its key condition (or the legacy KeyConditions). */
function queryKey(body: Body, pk: string): string[] {
  const names = (body.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (body.ExpressionAttributeValues ?? {}) as Record<string, AttributeValue>;
  const expr = typeof body.KeyConditionExpression === 'string' ? body.KeyConditionExpression : '';
  const resolve = (n: string) => (n.startsWith('#') ? names[n] : n);
  const eq = /([#A-Za-z_][\w.-]*)\s*=\s*(:[\w-]+)|(:[\w-]+)\s*=\s*([#A-Za-z_][\w.-]*)/g;
  for (const m of expr.matchAll(eq)) {
    const [name, value] = m[1] ? [m[1], m[2]!] : [m[4]!, m[3]!];
    if (resolve(name) === pk) {
      const v = scalar(values[value]);
      return v === undefined ? [] : [v];
    }
  }
  const legacy = (body.KeyConditions as Record<string, { AttributeValueList?: AttributeValue[] }> | undefined)?.[pk];
  const v = scalar(legacy?.AttributeValueList?.[0]);
  return v === undefined ? [] : [v];
}

/**
 * The authorisations a DynamoDB request needs, as IAM makes them, or the reason it names another
 * table (which no grant covers). `operation` is the API name (X-Amz-Target's suffix), `body` the
 * JSON request on the wire.
 */
export function checksOf(operation: string, body: Body, spec: TableSpec = topologyTable): { checks: Check[]; otherTable?: string } {
  const pk = spec.partitionKey;
  const name = spec.name;
  const otherTable = (t: unknown) => (typeof t === 'string' && t !== name ? t : undefined);
  switch (operation) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
      return { checks: [{ action: operation, keys: keyOf(body.Key, pk) }], otherTable: otherTable(body.TableName) };
    case 'PutItem':
      return { checks: [{ action: operation, keys: keyOf(body.Item, pk) }], otherTable: otherTable(body.TableName) };
    case 'Query': {
      const indexName = typeof body.IndexName === 'string' ? body.IndexName : undefined;
      const ix = indexName ? spec.indexes.find((i) => i.name === indexName) : undefined;
      return {
        checks: [{ action: 'Query', ...(indexName ? { index: indexName } : {}), keys: queryKey(body, ix?.partitionKey ?? pk) }],
        otherTable: otherTable(body.TableName),
      };
    }
    case 'Scan': {
      const indexName = typeof body.IndexName === 'string' ? body.IndexName : undefined;
      return { checks: [{ action: 'Scan', ...(indexName ? { index: indexName } : {}), keys: [] }], otherTable: otherTable(body.TableName) };
    }
    case 'BatchGetItem': {
      const items = (body.RequestItems ?? {}) as Record<string, { Keys?: Key[] }>;
      const other = Object.keys(items).find((t) => t !== name);
      return { checks: [{ action: operation, keys: (items[name]?.Keys ?? []).flatMap((k) => keyOf(k, pk)) }], otherTable: other };
    }
    case 'BatchWriteItem': {
      const items = (body.RequestItems ?? {}) as Record<string, Array<{ PutRequest?: { Item?: Key }; DeleteRequest?: { Key?: Key } }>>;
      const other = Object.keys(items).find((t) => t !== name);
      const keys = (items[name] ?? []).flatMap((r) => keyOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key, pk));
      return { checks: [{ action: operation, keys }], otherTable: other };
    }
    case 'TransactWriteItems': {
      const items = (body.TransactItems ?? []) as Array<Record<string, { TableName?: string; Key?: Key; Item?: Key }>>;
      const checks: Check[] = [];
      let other: string | undefined;
      for (const item of items) {
        const [kind, op] = Object.entries(item)[0] ?? [];
        if (!kind || !op) continue;
        other ??= otherTable(op.TableName);
        const action = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' }[kind] ?? kind;
        checks.push({ action, keys: keyOf(kind === 'Put' ? op.Item : op.Key, pk) });
      }
      return { checks, otherTable: other };
    }
    case 'TransactGetItems': {
      const items = (body.TransactItems ?? []) as Array<{ Get?: { TableName?: string; Key?: Key } }>;
      return {
        checks: items.map((i) => ({ action: 'GetItem', keys: keyOf(i.Get?.Key, pk) })),
        otherTable: items.map((i) => otherTable(i.Get?.TableName)).find(Boolean),
      };
    }
    default:
      // DescribeTable, CreateTable, ...: no function is granted any of them.
      return { checks: [{ action: operation, keys: [] }], otherTable: otherTable(body.TableName) };
  }
}

/** IAM's StringLike: `*` any run of characters, `?` exactly one, everything else literally. */
export function stringLike(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(value);
}

/** Whether one of the grants allows the check (with `ForAllValues`, a request without keys matches). */
export const allows = (grants: readonly TableGrant[], check: Check): boolean =>
  grants.some(
    (g) => (g.actions as string[]).includes(check.action) && g.index === check.index && check.keys.every((k) => g.keys.some((p) => stringLike(p, k))),
  );

/**
 * Whether the function may make this DynamoDB request, and if not, the error AWS gives: the
 * action refused and the resource it was refused on.
 */
export function authorize(fn: string, operation: string, body: Body, opts: { functions?: readonly FunctionSpec[]; table?: TableSpec } = {}): Decision {
  const spec = (opts.functions ?? topologyFunctions).find((f) => f.name === fn);
  const tbl = opts.table ?? topologyTable;
  const grants = spec?.grants.table ?? [];
  const { checks, otherTable } = checksOf(operation, body, tbl);
  const denied = otherTable !== undefined ? checks[0] : checks.find((c) => !allows(grants, c));
  if (!denied) return { allowed: true };
  const resource = tableArn(otherTable ?? tbl.name) + (denied.index ? `/index/${denied.index}` : '');
  const action = `dynamodb:${denied.action}`;
  return {
    allowed: false,
    action,
    resource,
    message: `User: arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/dondoc-${fn}/dondoc-${fn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
  };
}

/**
 * SDK middleware on the handlers' DynamoDB clients that names the function making each request
 * (as its credentials would in AWS), so the DynamoDB gate can hold it to that function's grants.
 */
export function nameFunction(client: ServiceClient, service: ServiceName): void {
  if (service !== 'dynamodb') return;
  const stack = client.middlewareStack as unknown as { add(mw: unknown, opts: { step: string; name: string }): void };
  stack.add(
    (next: (a: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
      const fn = currentFunction();
      const request = args.request as { headers?: Record<string, string> } | undefined;
      if (fn && request?.headers) request.headers[FUNCTION_HEADER] = fn;
      return next(args);
    },
    { step: 'build', name: 'localFunctionName' },
  );
}
