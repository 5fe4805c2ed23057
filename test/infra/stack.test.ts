/**
 * Holds the synthesized template against infra/topology.ts: every declared trigger must appear,
 * with the settings the topology gives it, and every function gets exactly its declared grants.
 */
import { describe, expect, it } from 'vitest';
import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DondocStack, defaultTopology } from '../../infra/stack';
import { TIME_ZONE, type FunctionSpec, type Topology } from '../../infra/topology';

type Resource = { Type: string; Properties: Record<string, unknown> };

/** Synthesizes in-process. Bundling is skipped (context aws:cdk:bundling-stacks = []): the template is what is under test. */
function synth(topology?: Topology): Template {
  const app = new cdk.App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new DondocStack(app, 'Test', { env: { region: 'ap-southeast-1' }, ...(topology ? { topology } : {}) });
  return Template.fromStack(stack);
}

const template = synth();

const resourcesOf = (t: Template, type: string): Record<string, Resource> => t.findResources(type) as Record<string, Resource>;

/** Logical id of the Lambda function built from a spec (descriptions are unique in the topology). */
function functionId(t: Template, fn: FunctionSpec): string {
  const ids = Object.keys(t.findResources('AWS::Lambda::Function', { Properties: { Description: fn.description } }));
  expect(ids, `exactly one Lambda function for ${fn.name}`).toHaveLength(1);
  return ids[0]!;
}

/** Every IAM action granted to a function's execution role. */
function actionsOf(t: Template, fn: FunctionSpec): string[] {
  const role = (resourcesOf(t, 'AWS::Lambda::Function')[functionId(t, fn)]!.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(resourcesOf(t, 'AWS::IAM::Policy')).filter((p) =>
    (p.Properties.Roles as Array<{ Ref?: string }>).some((r) => r.Ref === role),
  );
  return policies.flatMap((p) =>
    (p.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[] }> }).Statement.flatMap((s) => [s.Action].flat()),
  );
}

const byName = (name: string): FunctionSpec => {
  const fn = defaultTopology.functions.find((f) => f.name === name);
  if (!fn) throw new Error(`no function ${name} in the topology`);
  return fn;
};

/** Checks every trigger of a topology against a template synthesized from it. */
function expectEveryTrigger(t: Template, topo: Topology): void {
  const routes = resourcesOf(t, 'AWS::ApiGatewayV2::Route');
  const mappings = resourcesOf(t, 'AWS::Lambda::EventSourceMapping');
  let http = 0;
  let sqsCount = 0;
  let schedules = 0;
  let rules = 0;
  for (const fn of topo.functions) {
    const fnId = functionId(t, fn);
    for (const trigger of fn.triggers) {
      switch (trigger.type) {
        case 'http': {
          http++;
          const key = `${trigger.method} ${trigger.path}`;
          const found = Object.values(routes).filter((r) => r.Properties.RouteKey === key);
          expect(found, key).toHaveLength(1);
          expect(found[0]!.Properties.AuthorizationType, key).toBe(trigger.auth ? 'JWT' : 'NONE');
          if (trigger.auth) expect(found[0]!.Properties.AuthorizerId, key).toBeDefined();
          // The route's integration points at this function.
          const integrationId = (found[0]!.Properties.Target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].find(
            (p): p is { Ref: string } => typeof p === 'object' && p !== null && 'Ref' in p,
          )!.Ref;
          const integration = resourcesOf(t, 'AWS::ApiGatewayV2::Integration')[integrationId]!;
          expect(JSON.stringify(integration.Properties.IntegrationUri), key).toContain(fnId);
          break;
        }
        case 'sqs': {
          sqsCount++;
          const queueId = queueIdOf(t, trigger.queue);
          t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
            FunctionName: { Ref: fnId },
            EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
            BatchSize: trigger.batchSize,
            FunctionResponseTypes: ['ReportBatchItemFailures'],
            ...(trigger.maxBatchingWindowSeconds > 0 ? { MaximumBatchingWindowInSeconds: trigger.maxBatchingWindowSeconds } : {}),
          });
          break;
        }
        case 'schedule': {
          schedules++;
          t.hasResourceProperties('AWS::Scheduler::Schedule', {
            ScheduleExpression: trigger.cron,
            ScheduleExpressionTimezone: trigger.timeZone,
            FlexibleTimeWindow: { Mode: 'OFF' },
            Target: Match.objectLike({
              Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
              Input: JSON.stringify({ schedule: trigger.name, scheduledTime: '<aws.scheduler.scheduled-time>' }),
            }),
          });
          break;
        }
        case 'event': {
          rules++;
          const { 'detail-type': detailType, ...rest } = trigger.pattern;
          const [busId] = Object.keys(t.findResources('AWS::Events::EventBus'));
          t.hasResourceProperties('AWS::Events::Rule', {
            EventBusName: { Ref: busId },
            EventPattern: { ...rest, ...(detailType ? { 'detail-type': detailType } : {}) },
            Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] } })],
          });
          break;
        }
      }
    }
  }
  // Nothing beyond what the topology declares.
  expect(Object.keys(routes)).toHaveLength(http);
  expect(Object.keys(mappings)).toHaveLength(sqsCount);
  expect(Object.keys(resourcesOf(t, 'AWS::Scheduler::Schedule'))).toHaveLength(schedules);
  expect(Object.keys(resourcesOf(t, 'AWS::Events::Rule'))).toHaveLength(rules);
}

/** "task-updates" -> "TaskUpdates", as the stack names its outputs. */
const pascal = (name: string): string => name.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());

/** Logical id of topology queue `q` (its URL is exported as QueueUrl<Name>). */
function queueIdOf(t: Template, q: string): string {
  const outputs = t.findOutputs('*') as Record<string, { Value: { Ref?: string } }>;
  const ref = outputs[`QueueUrl${pascal(q)}`]?.Value.Ref;
  if (!ref || !resourcesOf(t, 'AWS::SQS::Queue')[ref]) throw new Error(`no queue for ${q} in the template`);
  return ref;
}

describe('DondocStack', () => {
  it('has an on-demand table with point-in-time recovery and every index of the topology', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        KeySchema: [
          { AttributeName: defaultTopology.table.partitionKey, KeyType: 'HASH' },
          { AttributeName: defaultTopology.table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: defaultTopology.table.indexes.map((ix) => ({
          IndexName: ix.name,
          KeySchema: [
            { AttributeName: ix.partitionKey, KeyType: 'HASH' },
            { AttributeName: ix.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    });
  });

  it('gives every queue a DLQ (max receives >= 5), a visibility timeout >= 6x its consumer timeout, and a DLQ alarm', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    for (const [name, spec] of Object.entries(defaultTopology.queues)) {
      const q = name;
      const queue = queues[queueIdOf(template, q)];
      const redrive = queue!.Properties.RedrivePolicy as { maxReceiveCount: number; deadLetterTargetArn: { 'Fn::GetAtt': [string, string] } };
      expect(redrive.maxReceiveCount).toBe(spec.maxReceiveCount);
      expect(redrive.maxReceiveCount).toBeGreaterThanOrEqual(5);
      const consumer = defaultTopology.functions.find((f) => f.triggers.some((t) => t.type === 'sqs' && t.queue === q))!;
      expect(queue!.Properties.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * consumer.timeoutSeconds);

      const dlqId = redrive.deadLetterTargetArn['Fn::GetAtt'][0];
      expect(queues[dlqId]!.Properties.MessageRetentionPeriod).toBe(spec.dlqRetentionDays * 86_400);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    }
    // Every queue, DLQs included, refuses plain HTTP.
    const policies = Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(Object.keys(queues).length);
    for (const p of policies) expect(JSON.stringify(p.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it('runs every Lambda function on Node.js 22 or newer, arm64, with X-Ray and one-month logs', () => {
    const fns = Object.values(resourcesOf(template, 'AWS::Lambda::Function'));
    expect(fns).toHaveLength(defaultTopology.functions.length);
    for (const fn of fns) {
      const m = /^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime as string);
      expect(m, String(fn.Properties.Runtime)).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(22);
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Handler).toBe('index.handler');
    }
    for (const spec of defaultTopology.functions) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: spec.description,
        Timeout: spec.timeoutSeconds,
        MemorySize: spec.memoryMb,
        Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) },
      });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('gives each function exactly the environment functionEnv declares', () => {
    for (const spec of defaultTopology.functions) {
      const fn = resourcesOf(template, 'AWS::Lambda::Function')[functionId(template, spec)]!;
      const vars = Object.keys((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).sort();
      const expected = [
        'NODE_OPTIONS',
        ...(spec.grants.table ? ['TABLE_NAME'] : []),
        ...(spec.grants.putEvents ? ['EVENT_BUS_NAME'] : []),
        ...(spec.grants.sendTo ?? []).map((q) => `QUEUE_URL_${q.toUpperCase().replace(/-/g, '_')}`),
      ].sort();
      expect(vars, spec.name).toEqual(expected);
    }
  });

  it('guards the HTTP API with a JWT authorizer whose issuer is the Cognito user pool', () => {
    const pools = Object.keys(template.findResources('AWS::Cognito::UserPool'));
    const clients = Object.keys(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(pools).toHaveLength(1);
    expect(clients).toHaveLength(1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.ap-southeast-1.amazonaws.com/', { Ref: pools[0] }]] },
        Audience: [{ Ref: clients[0] }],
      },
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'agency', AttributeDataType: 'String' }),
        Match.objectLike({ Name: 'leader', AttributeDataType: 'String' }),
      ]),
    });
    for (const group of ['agency', 'leader', 'office', 'statistics']) {
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    }
    // A user must not be able to rewrite the attributes that scope what they may do.
    const client = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolClient'))[0]!;
    expect(client.Properties.WriteAttributes as string[]).not.toContain('custom:agency');
    expect(client.Properties.WriteAttributes as string[]).not.toContain('custom:leader');
  });

  it('declares every trigger of the topology in the template, and nothing more', () => {
    expectEveryTrigger(template, defaultTopology);
  });

  it('also builds schedule and event triggers, from a topology that declares them', () => {
    const topology: Topology = {
      ...defaultTopology,
      functions: [
        ...defaultTopology.functions,
        {
          name: 'deadline',
          entry: 'functions/task-update/handler.ts',
          description: 'test: daily deadline check',
          timeoutSeconds: 60,
          memoryMb: 256,
          triggers: [
            { type: 'schedule', name: 'daily-deadlines', cron: 'cron(0 7 ? * MON-FRI *)', timeZone: TIME_ZONE },
            { type: 'event', name: 'on-task-updated', pattern: { source: ['dondoc.tasks'], 'detail-type': ['TaskUpdated'], detail: { status: ['overdue'] } } },
          ],
          grants: { table: 'read', sendTo: [] },
        },
      ],
    };
    const t = synth(topology);
    expectEveryTrigger(t, topology);

    // The scheduler role may invoke this function and nothing else.
    const [roleId] = Object.keys(
      t.findResources('AWS::IAM::Role', {
        Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] } },
      }),
    );
    expect(roleId).toBeDefined();
    t.hasResourceProperties('AWS::Scheduler::Schedule', { Target: Match.objectLike({ RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } }) });
    const deadline = topology.functions.at(-1)!;
    const fnId = functionId(t, deadline);
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: Match.arrayWith([{ 'Fn::GetAtt': [fnId, 'Arn'] }]) }),
        ],
      },
    });
    // A read grant is read-only.
    const actions = actionsOf(t, deadline);
    expect(actions).toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(actions).not.toContain('sqs:SendMessage');
  });

  it('rejects a schedule that is not a Scheduler expression', () => {
    const bad: Topology = {
      ...defaultTopology,
      functions: [
        ...defaultTopology.functions,
        {
          name: 'digest',
          entry: 'functions/task-update/handler.ts',
          description: 'test: weekly digest',
          timeoutSeconds: 60,
          memoryMb: 256,
          triggers: [{ type: 'schedule', name: 'weekly', cron: '0 8 * * 1', timeZone: TIME_ZONE }],
          grants: {},
        },
      ],
    };
    expect(() => synth(bad)).toThrow(/not a Scheduler expression/);
  });

  it('grants each function only what the topology declares', () => {
    const api = actionsOf(template, byName('api'));
    expect(api).not.toContain('events:PutEvents');
    expect(api).toContain('sqs:SendMessage');
    expect(api).toContain('dynamodb:PutItem');

    const taskUpdate = actionsOf(template, byName('task-update'));
    expect(taskUpdate).not.toContain('sqs:SendMessage');
    expect(taskUpdate).toContain('events:PutEvents');
    expect(taskUpdate).toContain('sqs:ReceiveMessage');

    for (const spec of defaultTopology.functions) {
      const actions = actionsOf(template, spec);
      expect(actions.includes('events:PutEvents'), spec.name).toBe(Boolean(spec.grants.putEvents));
      expect(actions.includes('sqs:SendMessage'), spec.name).toBe((spec.grants.sendTo ?? []).length > 0);
      expect(actions.includes('dynamodb:PutItem'), spec.name).toBe(spec.grants.table === 'readwrite');
      expect(actions.some((a) => a === '*' || a.endsWith(':*')), spec.name).toBe(false);
    }
  });

  it('exports the API URL, user pool, table, bus and every queue and DLQ URL', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    const queueOutputs = Object.keys(defaultTopology.queues).flatMap((q) => [`QueueUrl${pascal(q)}`, `DlqUrl${pascal(q)}`]);
    expect(outputs).toEqual(expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName', 'EventBusName', ...queueOutputs]));
  });
});
