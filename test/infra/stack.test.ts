/**
 * Holds the synthesized template against infra/topology.ts: every declared trigger must appear,
 * with the settings the topology gives it, and every function gets exactly its declared grants.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_MAIL_FROM, DondocStack, defaultTopology } from '../../infra/cdk/stack';
import {
  MAILER_CONCURRENCY_DEFAULT,
  functionEnv,
  tableGrantsTable,
  validateTableGrants,
  type FunctionSpec,
  type TableGrant,
  type Topology,
} from '../../infra/topology';
import { EMAIL_MAX_RECEIVES } from '../../functions/mailer/handler';
import { TIME_ZONE } from '../../shared/domain/dates';

type Resource = { Type: string; Properties: Record<string, unknown> };

/** Synthesizes in-process. Bundling is skipped (context aws:cdk:bundling-stacks = []): the template is what is under test. */
function synth(topology: Topology = defaultTopology, context: Record<string, string> = {}): Template {
  const app = new cdk.App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new DondocStack(app, 'Test', { env: { region: 'ap-southeast-1' }, topology });
  return Template.fromStack(stack);
}

const template = synth();

/** A custom domain for the portal, with its (made-up) certificate in us-east-1. */
const CUSTOM_DOMAIN = {
  'dondoc:portalDomain': 'dondoc.hanoi.gov.vn',
  'dondoc:portalCertificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/0f3c1a52-7d1e-4c5b-9a2e-2b8f6d4e1a90',
};

/** Logical id of the only resource of a type. */
function onlyIdOf(t: Template, type: string): string {
  const ids = Object.keys(t.findResources(type));
  expect(ids, type).toHaveLength(1);
  return ids[0]!;
}

/** https://<the distribution's domain name>, as CloudFormation writes it. */
const distributionUrl = (t: Template) => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [onlyIdOf(t, 'AWS::CloudFront::Distribution'), 'DomainName'] }]] });

const resourcesOf = (t: Template, type: string): Record<string, Resource> => t.findResources(type) as Record<string, Resource>;

/** Logical id of the Lambda function built from a spec (descriptions are unique in the topology). */
function functionId(t: Template, fn: FunctionSpec): string {
  const ids = Object.keys(t.findResources('AWS::Lambda::Function', { Properties: { Description: fn.description } }));
  expect(ids, `exactly one Lambda function for ${fn.name}`).toHaveLength(1);
  return ids[0]!;
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** Every IAM statement granted to a function's execution role. */
function statementsOf(t: Template, fn: FunctionSpec): Statement[] {
  const role = (resourcesOf(t, 'AWS::Lambda::Function')[functionId(t, fn)]!.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(resourcesOf(t, 'AWS::IAM::Policy')).filter((p) => (p.Properties.Roles as Array<{ Ref?: string }>).some((r) => r.Ref === role));
  return policies.flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** Every IAM action granted to a function's execution role. */
const actionsOf = (t: Template, fn: FunctionSpec): string[] => statementsOf(t, fn).flatMap((s) => [s.Action].flat());

/** The statements of a function's role that grant `action`. */
const grantsOf = (t: Template, fn: FunctionSpec, action: string): Statement[] => statementsOf(t, fn).filter((s) => [s.Action].flat().includes(action));

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
          // The authorizer refuses an access token without the route's scope.
          expect(found[0]!.Properties.AuthorizationScopes, key).toEqual(trigger.scopes.length ? trigger.scopes : undefined);
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
            ...(trigger.maxConcurrency !== undefined ? { ScalingConfig: { MaximumConcurrency: trigger.maxConcurrency } } : {}),
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
          const found = Object.values(
            t.findResources('AWS::Events::Rule', {
              Properties: {
                EventPattern: { ...rest, ...(detailType ? { 'detail-type': detailType } : {}) },
                Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] } })],
              },
            }) as Record<string, Resource>,
          );
          expect(found, trigger.name).toHaveLength(1);
          const busName = found[0]!.Properties.EventBusName;
          if (trigger.bus === 'default') {
            // The account's default bus (where SES publishes): named, or left to its default.
            expect([undefined, 'default'], trigger.name).toContain(busName);
          } else {
            const [busId] = Object.keys(t.findResources('AWS::Events::EventBus'));
            expect(busName, trigger.name).toEqual({ Ref: busId });
          }
          break;
        }
        case 'cognito': {
          // Pre token generation, V2 (access token customization).
          t.hasResourceProperties('AWS::Cognito::UserPool', {
            LambdaConfig: Match.objectLike({ PreTokenGenerationConfig: { LambdaArn: { 'Fn::GetAtt': [fnId, 'Arn'] }, LambdaVersion: 'V2_0' } }),
          });
          break;
        }
      }
    }
  }
  // Rules that feed a queue (outside systems publishing on the app's bus).
  for (const rule of topo.rules) {
    rules++;
    const { 'detail-type': detailType, ...rest } = rule.pattern;
    const [busId] = Object.keys(t.findResources('AWS::Events::EventBus'));
    const found = Object.values(
      t.findResources('AWS::Events::Rule', {
        Properties: {
          EventBusName: { Ref: busId },
          EventPattern: { ...rest, ...(detailType ? { 'detail-type': detailType } : {}) },
          Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [queueIdOf(t, rule.queue), 'Arn'] } })],
        },
      }) as Record<string, Resource>,
    );
    expect(found, rule.name).toHaveLength(1);
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
    const all = Object.values(resourcesOf(template, 'AWS::Lambda::Function'));
    const declared = new Set(defaultTopology.functions.map((f) => f.description));
    const fns = all.filter((fn) => declared.has(fn.Properties.Description as string));
    expect(fns).toHaveLength(defaultTopology.functions.length);
    // The one other function is CDK's, running the portal's uploads (BucketDeployment) at deploy time.
    const others = all.filter((fn) => !declared.has(fn.Properties.Description as string));
    expect(others).toHaveLength(1);
    expect(others[0]!.Properties.Layers).toEqual([{ Ref: expect.stringMatching(/^PortalAssetsAwsCliLayer/) }]);
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
    const [configurationSetId] = Object.keys(template.findResources('AWS::SES::ConfigurationSet'));
    for (const spec of defaultTopology.functions) {
      const fn = resourcesOf(template, 'AWS::Lambda::Function')[functionId(template, spec)]!;
      const vars = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      const declared = functionEnv(spec, {
        tableName: 't',
        busName: 'b',
        queueUrl: (q) => q,
        dlqUrl: (q) => q,
        failedRunsUrl: 'f',
        appUrl: 'a',
        mailFrom: 'm',
        configurationSet: 'c',
      });
      expect(Object.keys(vars).sort(), spec.name).toEqual(['NODE_OPTIONS', ...Object.keys(declared)].sort());
      // Hand-checked too, so that a change to functionEnv is noticed here.
      const expected = [
        'NODE_OPTIONS',
        'APP_URL',
        ...(spec.grants.table?.length ? ['TABLE_NAME'] : []),
        ...(spec.grants.putEvents ? ['EVENT_BUS_NAME'] : []),
        ...(spec.grants.sendTo ?? []).map((q) => `QUEUE_URL_${q.toUpperCase().replace(/-/g, '_')}`),
        ...(spec.grants.sendEmail ? ['MAIL_FROM', 'SES_CONFIGURATION_SET'] : []),
        ...(spec.grants.queueDepths?.deadLetters ?? []).map((q) => `DLQ_URL_${q.toUpperCase().replace(/-/g, '_')}`),
        ...(spec.grants.queueDepths?.failedRuns ? ['FAILED_RUNS_QUEUE_URL'] : []),
      ].sort();
      expect(Object.keys(vars).sort(), spec.name).toEqual(expected);
      // Links in emails open the portal, on the distribution's domain when it has none of its own.
      expect(vars.APP_URL, spec.name).toEqual(distributionUrl(template));
      for (const q of spec.grants.sendTo ?? []) {
        expect(vars[`QUEUE_URL_${q.toUpperCase().replace(/-/g, '_')}`], `${spec.name} -> ${q}`).toEqual({ Ref: queueIdOf(template, q) });
      }
      if (spec.grants.sendEmail) {
        expect(vars.MAIL_FROM, spec.name).toBe(DEFAULT_MAIL_FROM);
        expect(vars.SES_CONFIGURATION_SET, spec.name).toEqual({ Ref: configurationSetId });
      }
    }
  });

  it('takes the app URL and the sender address from CDK context, and rejects bad ones', () => {
    const t = synth(defaultTopology, { ...CUSTOM_DOMAIN, 'dondoc:appUrl': 'https://dondoc.hanoi.gov.vn', 'dondoc:mailFrom': 'noreply@hanoi.gov.vn' });
    const mailer = resourcesOf(t, 'AWS::Lambda::Function')[functionId(t, byName('mailer'))]!;
    expect((mailer.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      APP_URL: 'https://dondoc.hanoi.gov.vn',
      MAIL_FROM: 'noreply@hanoi.gov.vn',
    });
    expect(JSON.stringify(grantsOf(t, byName('mailer'), 'ses:SendRawEmail'))).toContain(':identity/noreply@hanoi.gov.vn');
    expect(() => synth(defaultTopology, { 'dondoc:mailFrom': 'Dondoc <dondoc@example.gov.vn>' })).toThrow(/dondoc:mailFrom/);
    expect(() => synth(defaultTopology, { ...CUSTOM_DOMAIN, 'dondoc:appUrl': 'dondoc.example.gov.vn' })).toThrow(/dondoc:appUrl/);
    // APP_URL is the portal's: on its origin, which needs the portal's own domain to be named.
    expect(() => synth(defaultTopology, { ...CUSTOM_DOMAIN, 'dondoc:appUrl': 'https://other.hanoi.gov.vn' })).toThrow(/dondoc:appUrl.*portal's origin/);
    expect(() => synth(defaultTopology, { 'dondoc:appUrl': 'https://dondoc.hanoi.gov.vn' })).toThrow(/dondoc:portalDomain/);
    // Without dondoc:appUrl, the links follow the portal's domain.
    const byDomain = synth(defaultTopology, CUSTOM_DOMAIN);
    const env = resourcesOf(byDomain, 'AWS::Lambda::Function')[functionId(byDomain, byName('mailer'))]!.Properties.Environment as {
      Variables: Record<string, unknown>;
    };
    expect(env.Variables.APP_URL).toBe('https://dondoc.hanoi.gov.vn');
    // The API URL is still an output (APP_URL cannot reference it: that would be a cycle).
    expect(Object.keys(t.findOutputs('ApiUrl'))).toEqual(['ApiUrl']);
  });

  it("limits CORS to the portal's origin, with the topology's methods and headers", () => {
    const cors = (allowOrigins: unknown) => ({
      CorsConfiguration: {
        AllowOrigins: allowOrigins,
        AllowMethods: ['GET', 'POST', 'OPTIONS'],
        AllowHeaders: ['authorization', 'content-type'],
        ExposeHeaders: ['location'],
        MaxAge: 600,
      },
    });
    // The distribution's own domain, or the portal's custom one: that origin and no other.
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', cors([distributionUrl(template)]));
    const t = synth(defaultTopology, { ...CUSTOM_DOMAIN, 'dondoc:appUrl': 'https://dondoc.hanoi.gov.vn/' });
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', cors(['https://dondoc.hanoi.gov.vn']));
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
      Policies: {
        PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }),
      },
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

  it('logs every HTTP API request, as JSON, from its one auto-deployed $default stage', () => {
    const stages = Object.entries(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    const [stageId, stage] = stages[0]!;
    // The same logical id as the stage HttpApi creates by default, so a deploy updates it in place.
    expect(stageId).toMatch(/^HttpApiDefaultStage[0-9A-F]{8}$/);
    expect(stage.Properties).toMatchObject({ StageName: '$default', AutoDeploy: true });
    const settings = stage.Properties.AccessLogSettings as { DestinationArn: { 'Fn::GetAtt': [string, string] }; Format: string };
    const logGroupId = settings.DestinationArn['Fn::GetAtt'][0];
    expect(resourcesOf(template, 'AWS::Logs::LogGroup')[logGroupId]!.Properties.RetentionInDays).toBe(30);
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
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
          name: 'test-digest',
          entry: 'functions/task-update/handler.ts',
          description: 'test: daily digest check',
          timeoutSeconds: 60,
          memoryMb: 256,
          triggers: [
            { type: 'schedule', name: 'daily-deadlines', cron: 'cron(0 7 ? * MON-FRI *)', timeZone: TIME_ZONE },
            { type: 'event', name: 'on-task-updated', pattern: { source: ['dondoc.tasks'], 'detail-type': ['TaskUpdated'], detail: { status: ['overdue'] } } },
          ],
          async: { retryAttempts: 2, maxEventAgeSeconds: 3600 },
          grants: { table: [{ actions: ['Query'], keys: ['PLAN'] }], sendTo: [] },
        },
      ],
    };
    const t = synth(topology);
    expectEveryTrigger(t, topology);

    // The scheduler role may invoke this function and nothing else.
    const digest = topology.functions.at(-1)!;
    const fnId = functionId(t, digest);
    const schedules = Object.values(
      t.findResources('AWS::Scheduler::Schedule', { Properties: { Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] } }) } }) as Record<
        string,
        Resource
      >,
    );
    expect(schedules).toHaveLength(1);
    const roleId = (schedules[0]!.Properties.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } }).RoleArn['Fn::GetAtt'][0];
    expect(
      (resourcesOf(t, 'AWS::IAM::Role')[roleId]!.Properties.AssumeRolePolicyDocument as { Statement: Array<{ Principal: unknown }> }).Statement[0]!.Principal,
    ).toEqual({ Service: 'scheduler.amazonaws.com' });
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: [
          // The unqualified function only: no `<arn>:*` for its versions and aliases.
          Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [fnId, 'Arn'] } }),
        ],
      },
    });
    // A read grant is read-only.
    const actions = actionsOf(t, digest);
    expect(actions).toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:PutItem');
    // It sends to no queue but its failed-runs destination (Lambda sends there with its role).
    const failedRuns = (t.findOutputs('FailedRunsUrl') as Record<string, { Value: { Ref: string } }>).FailedRunsUrl!.Value.Ref;
    expect(grantsOf(t, digest, 'sqs:SendMessage').map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [failedRuns, 'Arn'] }]);
  });

  it('rejects a schedule that is not a Scheduler expression', () => {
    const bad: Topology = {
      ...defaultTopology,
      functions: [
        ...defaultTopology.functions,
        {
          name: 'test-bad-schedule',
          entry: 'functions/task-update/handler.ts',
          description: 'test: a schedule in Unix cron form',
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
      // A queue it sends to, or the failed-runs destination of a scheduled or event-driven function.
      const async = spec.triggers.some((t) => t.type === 'schedule' || t.type === 'event');
      expect(actions.includes('sqs:SendMessage'), spec.name).toBe((spec.grants.sendTo ?? []).length > 0 || async);
      expect(actions.filter((a) => a.startsWith('ses:')).sort(), spec.name).toEqual(spec.grants.sendEmail ? ['ses:SendEmail', 'ses:SendRawEmail'] : []);
      expect(
        actions.some((a) => a.startsWith('dynamodb:')),
        spec.name,
      ).toBe(Boolean(spec.grants.table?.length));
      expect(
        actions.some((a) => a === '*' || a.endsWith(':*')),
        spec.name,
      ).toBe(false);
    }
  });

  it('gives the email queue a DLQ after 5 receives and a visibility timeout >= 6x the mailer timeout, with an alarm', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const email = queues[queueIdOf(template, 'email')]!;
    const redrive = email.Properties.RedrivePolicy as { maxReceiveCount: number; deadLetterTargetArn: { 'Fn::GetAtt': [string, string] } };
    expect(redrive.maxReceiveCount).toBe(5);
    expect(byName('mailer').timeoutSeconds).toBe(60);
    expect(email.Properties.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * 60);
    const dlqId = redrive.deadLetterTargetArn['Fn::GetAtt'][0];
    expect(Object.keys(template.findOutputs('DlqUrlEmail'))).toHaveLength(1);
    expect((template.findOutputs('DlqUrlEmail') as Record<string, { Value: unknown }>).DlqUrlEmail!.Value).toEqual({ Ref: dlqId });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
    });
    // The mailer consumes it.
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId(template, byName('mailer')) },
      EventSourceArn: { 'Fn::GetAtt': [queueIdOf(template, 'email'), 'Arn'] },
    });
  });

  it('bounds the mailer to 2 concurrent batches by default, or to dondoc:mailerConcurrency, and lets it keep its own messages', () => {
    const mapping = (t: Template) =>
      Object.values(resourcesOf(t, 'AWS::Lambda::EventSourceMapping')).find(
        (m) => JSON.stringify(m.Properties.EventSourceArn) === JSON.stringify({ 'Fn::GetAtt': [queueIdOf(t, 'email'), 'Arn'] }),
      )!;
    expect(byName('mailer').triggers).toContainEqual(expect.objectContaining({ type: 'sqs', queue: 'email', maxConcurrency: MAILER_CONCURRENCY_DEFAULT }));
    expect(mapping(template).Properties.ScalingConfig).toEqual({ MaximumConcurrency: 2 });
    expect(mapping(synth(defaultTopology, { 'dondoc:mailerConcurrency': '14' })).Properties.ScalingConfig).toEqual({ MaximumConcurrency: 14 });
    // The other consumers are not bounded.
    for (const [id, m] of Object.entries(resourcesOf(template, 'AWS::Lambda::EventSourceMapping'))) {
      if (m !== mapping(template)) expect(m.Properties.ScalingConfig, id).toBeUndefined();
    }
    for (const bad of ['1', '1001', 'many', '2.5'])
      expect(() => synth(defaultTopology, { 'dondoc:mailerConcurrency': bad }), bad).toThrow(/dondoc:mailerConcurrency/);
    // The mailer keeps a message whose key is claimed until the claim's lease ends: it changes the
    // message's visibility on its own queue (the event source mapping's grant), and nowhere else.
    const visibility = grantsOf(template, byName('mailer'), 'sqs:ChangeMessageVisibility');
    expect(visibility.map((g) => g.Resource)).toEqual([{ 'Fn::GetAtt': [queueIdOf(template, 'email'), 'Arn'] }]);
    expect(actionsOf(template, byName('mailer'))).toContain('sqs:GetQueueUrl');
    // It lets a message go rather than dead-letter it on the queue's last receive.
    expect(defaultTopology.queues.email?.maxReceiveCount).toBe(EMAIL_MAX_RECEIVES);
  });

  it('runs the deadline function daily at 07:00 Hanoi time', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [functionId(template, byName('deadline')), 'Arn'] },
        Input: Match.serializedJson(Match.objectLike({ schedule: 'deadline-daily' })),
      }),
    });
  });

  it('fans the deadline run out through the deadline-tasks queue (with its DLQ and alarm) to its consumer', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const q = queues[queueIdOf(template, 'deadline-tasks')]!;
    const redrive = q.Properties.RedrivePolicy as { maxReceiveCount: number; deadLetterTargetArn: { 'Fn::GetAtt': [string, string] } };
    expect(redrive.maxReceiveCount).toBe(5);
    expect(q.Properties.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * byName('deadline-task').timeoutSeconds);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [redrive.deadLetterTargetArn['Fn::GetAtt'][0], 'QueueName'] } }],
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId(template, byName('deadline-task')) },
      EventSourceArn: { 'Fn::GetAtt': [queueIdOf(template, 'deadline-tasks'), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('sweeps the outbox every 5 minutes, every day, on its own schedule', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0/5 * * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [functionId(template, byName('outbox-sweep')), 'Arn'] },
        Input: Match.serializedJson(Match.objectLike({ schedule: 'outbox-sweep' })),
      }),
    });
  });

  it('puts the SES events rule (sends, bounces, complaints) on the default bus, not the app bus', () => {
    const fnId = functionId(template, byName('ses-events'));
    const rules = Object.values(
      template.findResources('AWS::Events::Rule', { Properties: { Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] } })] } }) as Record<
        string,
        Resource
      >,
    );
    expect(rules).toHaveLength(1);
    expect([undefined, 'default']).toContain(rules[0]!.Properties.EventBusName);
    expect(rules[0]!.Properties.EventPattern).toEqual({ source: ['aws.ses'], 'detail-type': ['Email Sent', 'Email Bounced', 'Email Complaint Received'] });
  });

  it('gives every scheduled or event-driven function its retries, event age and the failed-runs destination, with alarms', () => {
    const failedRuns = (template.findOutputs('FailedRunsUrl') as Record<string, { Value: { Ref: string } }>).FailedRunsUrl!.Value.Ref;
    const asyncNames = ['deadline', 'leader-list', 'outbox-sweep', 'indicator', 'digest', 'ses-events'];
    const configs = Object.values(resourcesOf(template, 'AWS::Lambda::EventInvokeConfig'));
    expect(configs).toHaveLength(asyncNames.length);
    for (const name of asyncNames) {
      const config = configs.find((c) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: functionId(template, byName(name)) }));
      expect(config, name).toBeDefined();
      expect(config!.Properties.MaximumRetryAttempts, name).toBe(2);
      expect(config!.Properties.MaximumEventAgeInSeconds, name).toBe(21600);
      expect(config!.Properties.DestinationConfig, name).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': [failedRuns, 'Arn'] } } });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(template, byName(name)) } }],
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [failedRuns, 'QueueName'] } }],
    });
  });

  it('throttles the API (100 requests a second, bursts of 200; the imports 1 a second, bursts of 10) and caps the api function at 20 concurrent executions', () => {
    const stages = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    const props = stages[0]!.Properties as { DefaultRouteSettings: Record<string, unknown>; RouteSettings: Record<string, Record<string, unknown>> };
    expect(props.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 });
    expect(props.RouteSettings).toEqual({
      'POST /plan/import': { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 10 },
      'POST /indicators/values:import': { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 10 },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(),
      ReservedConcurrentExecutions: 20,
      Description: byName('api').description,
    });
  });

  it('lets indicator values onto the bus only from the statistics source, and that source only from the reporter role', () => {
    const rules = Object.values(resourcesOf(template, 'AWS::Events::Rule')).filter((r) =>
      JSON.stringify(r.Properties.EventPattern).includes('IndicatorValueReported'),
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties.EventPattern).toEqual({ source: ['vn.hanoi.thongke'], 'detail-type': ['IndicatorValueReported'] });
    const reporter = (template.findOutputs('IndicatorReporterRoleArn') as Record<string, { Value: { 'Fn::GetAtt': [string, string] } }>)
      .IndicatorReporterRoleArn!.Value['Fn::GetAtt'][0];
    const policies = Object.values(resourcesOf(template, 'AWS::Events::EventBusPolicy'));
    const deny = policies.map((p) => p.Properties.Statement as Record<string, unknown>).find((st) => st.Sid === 'cdk-IndicatorValuesOnlyFromTheReporter');
    expect(deny).toMatchObject({
      Effect: 'Deny',
      Action: 'events:PutEvents',
      Condition: { StringEquals: { 'events:source': 'vn.hanoi.thongke' }, ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [reporter, 'Arn'] } } },
    });
  });

  it('lets only the mailer send email, from the sender identity with the configuration set, and never send to a queue', () => {
    const mailer = byName('mailer');
    const ses = grantsOf(template, mailer, 'ses:SendRawEmail');
    expect(ses).toHaveLength(1);
    expect([ses[0]!.Action].flat().sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    const resources = [ses[0]!.Resource].flat();
    expect(resources).not.toContain('*');
    const text = resources.map((r) => JSON.stringify(r));
    expect(text.some((r) => r.includes(`:identity/${DEFAULT_MAIL_FROM}`))).toBe(true);
    expect(text.some((r) => r.includes(':configuration-set/'))).toBe(true);
    for (const r of text) expect(r).toMatch(/:ses:ap-southeast-1:.*:(identity\/|configuration-set\/)/);
    for (const r of text) expect(r).not.toContain('*');
    expect(actionsOf(template, mailer)).not.toContain('sqs:SendMessage');

    // The deadline run puts due tasks on the deadline-tasks queue (and Lambda puts a run that
    // failed every attempt on the failed-runs queue); its consumer enqueues emails for the mailer
    // (and hands a long day's scan on through its own queue); the sweep re-enqueues lost emails.
    // None can send one itself.
    const failedRuns = (template.findOutputs('FailedRunsUrl') as Record<string, { Value: { Ref: string } }>).FailedRunsUrl!.Value.Ref;
    const sorted = (xs: unknown[]) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const arn = (q: string) => ({ 'Fn::GetAtt': [queueIdOf(template, q), 'Arn'] });
    const expected: Record<string, unknown[]> = {
      deadline: [arn('deadline-tasks'), { 'Fn::GetAtt': [failedRuns, 'Arn'] }],
      'deadline-task': [arn('deadline-tasks'), arn('email')],
      'outbox-sweep': [arn('email'), { 'Fn::GetAtt': [failedRuns, 'Arn'] }],
    };
    for (const [name, resources] of Object.entries(expected)) {
      const spec = byName(name);
      expect(sorted(grantsOf(template, spec, 'sqs:SendMessage').map((s) => s.Resource)), name).toEqual(sorted(resources));
      expect(
        actionsOf(template, spec).filter((a) => a.startsWith('ses:')),
        name,
      ).toEqual([]);
    }
    // The run and the sweep only read the table; the consumer writes notices.
    for (const name of ['deadline', 'outbox-sweep']) {
      expect(
        actionsOf(template, byName(name)).filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a)),
        name,
      ).toEqual([]);
    }

    for (const spec of defaultTopology.functions.filter((f) => !f.grants.sendEmail)) {
      expect(
        actionsOf(template, spec).filter((a) => a.startsWith('ses:')),
        spec.name,
      ).toEqual([]);
    }
  });

  it("lets only the api read queue depths: each DLQ's and the failed-runs queue's attributes, with their URLs in its environment", () => {
    const failedRuns = (template.findOutputs('FailedRunsUrl') as Record<string, { Value: { Ref: string } }>).FailedRunsUrl!.Value.Ref;
    const dlqId = (q: string) => (template.findOutputs(`DlqUrl${pascal(q)}`) as Record<string, { Value: { Ref: string } }>)[`DlqUrl${pascal(q)}`]!.Value.Ref;
    const sorted = (xs: unknown[]) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    // Written by hand: the four queues' DLQs and the failed-runs queue.
    const dlqs = ['task-updates', 'email', 'indicator-ingest', 'deadline-tasks'];
    const expected = [...dlqs.map((q) => ({ 'Fn::GetAtt': [dlqId(q), 'Arn'] })), { 'Fn::GetAtt': [failedRuns, 'Arn'] }];
    const api = byName('api');
    // Statements of that one action (sending to a queue also reads its attributes, with SendMessage).
    const depthOnly = (spec: FunctionSpec) => grantsOf(template, spec, 'sqs:GetQueueAttributes').filter((st) => [st.Action].flat().length === 1);
    expect(sorted(depthOnly(api).flatMap((st) => [st.Resource].flat()))).toEqual(sorted(expected));
    const vars = (resourcesOf(template, 'AWS::Lambda::Function')[functionId(template, api)]!.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(vars.FAILED_RUNS_QUEUE_URL).toEqual({ Ref: failedRuns });
    for (const q of dlqs) expect(vars[`DLQ_URL_${q.toUpperCase().replace(/-/g, '_')}`], q).toEqual({ Ref: dlqId(q) });
    for (const spec of defaultTopology.functions.filter((f) => f.name !== 'api')) expect(depthOnly(spec), spec.name).toEqual([]);
  });

  it('has an SES configuration set that sends sends, bounces and complaints to the default EventBridge bus', () => {
    const sets = resourcesOf(template, 'AWS::SES::ConfigurationSet');
    expect(Object.keys(sets)).toHaveLength(1);
    const [setId] = Object.keys(sets);
    expect(sets[setId!]!.Properties.Name).toBe('Test-email');
    const destinations = Object.values(resourcesOf(template, 'AWS::SES::ConfigurationSetEventDestination'));
    expect(destinations).toHaveLength(1);
    const d = destinations[0]!.Properties as {
      ConfigurationSetName: unknown;
      EventDestination: { Enabled: boolean; MatchingEventTypes: string[]; EventBridgeDestination: { EventBusArn: unknown } };
    };
    expect(d.ConfigurationSetName).toEqual({ Ref: setId });
    expect(d.EventDestination.Enabled).toBe(true);
    expect(d.EventDestination.MatchingEventTypes.map((e) => e.toUpperCase()).sort()).toEqual(['BOUNCE', 'COMPLAINT', 'SEND']);
    expect(JSON.stringify(d.EventDestination.EventBridgeDestination.EventBusArn)).toMatch(/:events:ap-southeast-1:.*:event-bus\/default"/);
    // No identity is created: it is verified out of band.
    expect(Object.keys(template.findResources('AWS::SES::EmailIdentity'))).toHaveLength(0);
  });

  it('exports the portal URL, the API URL, user pool, table, bus and every queue and DLQ URL', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    const queueOutputs = Object.keys(defaultTopology.queues).flatMap((q) => [`QueueUrl${pascal(q)}`, `DlqUrl${pascal(q)}`]);
    expect(outputs).toEqual(
      expect.arrayContaining([
        'PortalUrl',
        'PortalDistributionDomainName',
        'ApiUrl',
        'UserPoolId',
        'UserPoolClientId',
        'TableName',
        'EventBusName',
        ...queueOutputs,
      ]),
    );
    expect((template.findOutputs('PortalUrl') as Record<string, { Value: unknown }>).PortalUrl!.Value).toEqual(distributionUrl(template));
    expect((synth(defaultTopology, CUSTOM_DOMAIN).findOutputs('PortalUrl') as Record<string, { Value: unknown }>).PortalUrl!.Value).toBe(
      'https://dondoc.hanoi.gov.vn',
    );
  });
});

describe('the portal in AWS', () => {
  const bucketId = (t: Template) => {
    const origins = (
      Object.values(resourcesOf(t, 'AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig as { Origins: Array<{ DomainName: unknown }> }
    ).Origins;
    expect(origins).toHaveLength(1);
    return (origins[0]!.DomainName as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  };
  const distributionId = onlyIdOf(template, 'AWS::CloudFront::Distribution');
  const distribution = resourcesOf(template, 'AWS::CloudFront::Distribution')[distributionId]!.Properties.DistributionConfig as Record<string, unknown>;
  const deployments = Object.entries(resourcesOf(template, 'Custom::CDKBucketDeployment'));
  const deploymentOf = (include: string[]) => {
    const found = deployments.filter(([, r]) => JSON.stringify(r.Properties.Include) === JSON.stringify(include));
    expect(found, include.join()).toHaveLength(1);
    return found[0]!;
  };

  it('keeps the bucket private: no public access, no website, TLS only, encrypted, logged', () => {
    const bucket = resourcesOf(template, 'AWS::S3::Bucket')[bucketId(template)]!.Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.WebsiteConfiguration).toBeUndefined();
    expect(bucket.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(bucket.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: expect.any(String) }, LogFilePrefix: 'portal-bucket/' });
    // The log bucket: private too, its access logs delivered under its policy (its ACL is left to
    // CloudFront's log delivery), kept a year.
    const logsId = (bucket.LoggingConfiguration as { DestinationBucketName: { Ref: string } }).DestinationBucketName.Ref;
    const logs = resourcesOf(template, 'AWS::S3::Bucket')[logsId]!.Properties;
    expect(logs.AccessControl).toBeUndefined();
    expect(logs.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(logs.LifecycleConfiguration).toEqual({ Rules: [{ ExpirationInDays: 365, Status: 'Enabled' }] });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logsId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [bucketId(template), 'Arn'] } } }),
          }),
        ]),
      },
    });
  });

  it('lets only this distribution read the bucket, through origin access control', () => {
    const id = bucketId(template);
    const arn = { 'Fn::GetAtt': [id, 'Arn'] };
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Resource: [arn, { 'Fn::Join': ['', [arn, '/*']] }],
          },
          {
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Resource: { 'Fn::Join': ['', [arn, '/*']] },
            Condition: {
              StringEquals: {
                'AWS:SourceArn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distributionId }]],
                },
              },
            },
          },
        ],
      },
    });
    const oacId = onlyIdOf(template, 'AWS::CloudFront::OriginAccessControl');
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
    expect(distribution.Origins).toEqual([
      expect.objectContaining({ OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] }, S3OriginConfig: { OriginAccessIdentity: '' } }),
    ]);
    // No origin access identity, the older way.
    expect(Object.keys(template.findResources('AWS::CloudFront::CloudFrontOriginAccessIdentity'))).toHaveLength(0);
  });

  it('serves HTTPS only, index.html at the root and for every path of the app (deep links such as /tasks/NV-01)', () => {
    expect(distribution.DefaultRootObject).toBe('index.html');
    expect(distribution.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      ResponseHeadersPolicyId: { Ref: onlyIdOf(template, 'AWS::CloudFront::ResponseHeadersPolicy') },
    });
    expect(distribution.CustomErrorResponses).toEqual([
      { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 10 },
      { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 10 },
    ]);
    expect(distribution.Logging).toEqual({ Bucket: { 'Fn::GetAtt': [expect.any(String), 'RegionalDomainName'] }, Prefix: 'cloudfront/' });
    // On its own domain: that name, its certificate, TLS 1.2 at least.
    const custom = resourcesOf(synth(defaultTopology, CUSTOM_DOMAIN), 'AWS::CloudFront::Distribution');
    expect(Object.values(custom)[0]!.Properties.DistributionConfig).toMatchObject({
      Aliases: ['dondoc.hanoi.gov.vn'],
      ViewerCertificate: {
        AcmCertificateArn: CUSTOM_DOMAIN['dondoc:portalCertificateArn'],
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      },
    });
  });

  it('sends the security headers: HSTS, nosniff, no framing, referrer policy and a CSP naming the API and Cognito', () => {
    const rest = "; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    const headers = (csp: unknown) => ({
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
          ContentSecurityPolicy: { ContentSecurityPolicy: csp, Override: true },
        },
      }),
    });
    // On CloudFront's domain the API cannot be named without a cycle: the region's API Gateway hosts.
    template.hasResourceProperties(
      'AWS::CloudFront::ResponseHeadersPolicy',
      headers({
        'Fn::Join': [
          '',
          [
            "default-src 'self'; connect-src 'self' https://*.execute-api.ap-southeast-1.amazonaws.com https://test-",
            { Ref: 'AWS::AccountId' },
            `.auth.ap-southeast-1.amazoncognito.com${rest}`,
          ],
        ],
      }),
    );
    // On the portal's own domain, the API itself.
    const t = synth(defaultTopology, { ...CUSTOM_DOMAIN, 'dondoc:cognitoDomainPrefix': 'dondoc-hanoi' });
    t.hasResourceProperties(
      'AWS::CloudFront::ResponseHeadersPolicy',
      headers({
        'Fn::Join': [
          '',
          [
            "default-src 'self'; connect-src 'self' ",
            { 'Fn::GetAtt': [onlyIdOf(t, 'AWS::ApiGatewayV2::Api'), 'ApiEndpoint'] },
            ` https://dondoc-hanoi.auth.ap-southeast-1.amazoncognito.com${rest}`,
          ],
        ],
      }),
    );
  });

  it("signs in with Cognito's managed login: the code flow with PKCE, a public client, back to the portal", () => {
    const poolId = onlyIdOf(template, 'AWS::Cognito::UserPool');
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      UserPoolId: { Ref: poolId },
      Domain: { 'Fn::Join': ['', ['test-', { Ref: 'AWS::AccountId' }]] },
      ManagedLoginVersion: 2,
    });
    const portal = (path: string) => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, path]] });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      // The API's scope comes from the token-claims trigger, for members of a role group only.
      AllowedOAuthScopes: ['openid'],
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: [portal('/auth/callback')],
      LogoutURLs: [portal('/signed-out')],
    });
    const clientId = onlyIdOf(template, 'AWS::Cognito::UserPoolClient');
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UserPoolId: { Ref: poolId },
      ClientId: { Ref: clientId },
      UseCognitoProvidedValues: true,
    });

    const t = synth(defaultTopology, { ...CUSTOM_DOMAIN, 'dondoc:cognitoDomainPrefix': 'dondoc-hanoi' });
    t.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'dondoc-hanoi', ManagedLoginVersion: 2 });
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://dondoc.hanoi.gov.vn/auth/callback'],
      LogoutURLs: ['https://dondoc.hanoi.gov.vn/signed-out'],
    });
  });

  it('rejects a portal domain without its certificate, a certificate outside us-east-1 and a bad Cognito prefix', () => {
    expect(() => synth(defaultTopology, { 'dondoc:portalDomain': 'dondoc.hanoi.gov.vn' })).toThrow(/dondoc:portalCertificateArn/);
    expect(() =>
      synth(defaultTopology, {
        'dondoc:portalDomain': 'dondoc.hanoi.gov.vn',
        'dondoc:portalCertificateArn': 'arn:aws:acm:ap-southeast-1:123456789012:certificate/0f3c1a52-7d1e-4c5b-9a2e-2b8f6d4e1a90',
      }),
    ).toThrow(/us-east-1/);
    expect(() => synth(defaultTopology, { ...CUSTOM_DOMAIN, 'dondoc:portalDomain': 'https://dondoc.hanoi.gov.vn' })).toThrow(/dondoc:portalDomain/);
    expect(() => synth(defaultTopology, { 'dondoc:cognitoDomainPrefix': 'dondoc-aws-login' })).toThrow(/dondoc:cognitoDomainPrefix/);
    expect(() => synth(defaultTopology, { 'dondoc:cognitoDomainPrefix': 'Dondoc' })).toThrow(/dondoc:cognitoDomainPrefix/);
  });

  it("uploads the build (hashed files cached for a year) and then index.html with a /config.json of this deployment's values (no-cache)", () => {
    const [assetsId, assets] = deploymentOf(['assets/*']);
    const [, pages] = deploymentOf(['index.html', 'config.json']);
    expect(deployments).toHaveLength(2);
    for (const d of [assets, pages]) {
      expect(d.Properties.DestinationBucketName).toEqual({ Ref: bucketId(template) });
      expect(d.Properties.Exclude).toEqual(['*']);
    }
    expect(assets.Properties.SystemMetadata).toEqual({ 'cache-control': 'public, max-age=31536000, immutable' });
    // Earlier builds' hashed files stay for pages loaded before the deploy; index.html and config.json are replaced.
    expect(assets.Properties.Prune).toBe(false);
    expect(pages.Properties.Prune).toBe(true);
    expect(pages.Properties.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    // index.html names the hashed files: it goes after them.
    expect([(pages as Resource & { DependsOn?: string[] }).DependsOn].flat()).toContain(assetsId);
    // The same build in both; config.json's values are filled in at deploy time.
    const keys = pages.Properties.SourceObjectKeys as string[];
    expect(keys).toHaveLength(2);
    expect(assets.Properties.SourceObjectKeys).toEqual([keys[0]]);
    const domainId = onlyIdOf(template, 'AWS::Cognito::UserPoolDomain');
    expect(pages.Properties.SourceMarkers).toEqual([
      {},
      {
        '<<marker:0xbaba:0>>': { 'Fn::GetAtt': [onlyIdOf(template, 'AWS::ApiGatewayV2::Api'), 'ApiEndpoint'] },
        '<<marker:0xbaba:1>>': { Ref: domainId },
        '<<marker:0xbaba:2>>': { Ref: domainId },
        '<<marker:0xbaba:3>>': { Ref: domainId },
        '<<marker:0xbaba:4>>': { Ref: onlyIdOf(template, 'AWS::Cognito::UserPoolClient') },
      },
    ]);
  });
});

describe('least privilege on the table', () => {
  const tableId = Object.keys(template.findResources('AWS::DynamoDB::Table'))[0]!;
  const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
  const indexArn = (name: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] });

  type TableStatement = { on: string; keys: string[]; actions: string[] };
  /** A function's DynamoDB statements, as `{ on: 'table' | <index>, keys, actions }`, each sorted. */
  function tableStatements(t: Template, fn: FunctionSpec): TableStatement[] {
    return statementsOf(t, fn)
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')))
      .map((s) => {
        const resource = JSON.stringify(s.Resource);
        const index = /\/index\/([A-Za-z0-9]+)"/.exec(resource)?.[1];
        expect(s.Resource, `${fn.name}: a table statement names the table or one index`).toEqual(index ? indexArn(index) : tableArn);
        const condition = (s as Statement & { Condition?: unknown }).Condition as { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': string[] } };
        expect(Object.keys(condition ?? {}), `${fn.name}: only the LeadingKeys condition`).toEqual(['ForAllValues:StringLike']);
        expect(Object.keys(condition['ForAllValues:StringLike'])).toEqual(['dynamodb:LeadingKeys']);
        expect(s.Effect).toBe('Allow');
        return {
          on: index ?? 'table',
          keys: [...condition['ForAllValues:StringLike']['dynamodb:LeadingKeys']].sort(),
          actions: [s.Action]
            .flat()
            .map((a) => a.replace(/^dynamodb:/, ''))
            .sort(),
        };
      })
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  const expectStatements = (name: string, expected: TableStatement[]) =>
    expect(tableStatements(template, byName(name)), name).toEqual(
      expected
        .map((e) => ({ on: e.on, keys: [...e.keys].sort(), actions: [...e.actions].sort() }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );

  // The matrix, written by hand from what each handler reads and writes (shared/data/*).
  it('lets the mailer touch only the ledger (MAIL#*) and suppressed addresses (ADDRESS#*)', () => {
    expectStatements('mailer', [
      { on: 'table', keys: ['MAIL#*'], actions: ['GetItem', 'Query', 'UpdateItem'] },
      { on: 'table', keys: ['ADDRESS#*'], actions: ['GetItem', 'PutItem'] },
    ]);
  });

  it('lets the deadline run and the outbox sweep only query their index (and the run the calendar), and write nothing', () => {
    expectStatements('deadline', [
      { on: 'byWake', keys: ['WAKE'], actions: ['Query'] },
      { on: 'table', keys: ['CALENDAR'], actions: ['Query'] },
    ]);
    expectStatements('outbox-sweep', [{ on: 'outbox', keys: ['OUTBOX'], actions: ['Query'] }]);
  });

  it('gives every other function exactly its grants', () => {
    expectStatements('api', [
      { on: 'table', keys: ['PLAN', 'TASK#*', 'INDICATOR#*', 'EXTREQ#*'], actions: ['GetItem', 'Query'] },
      { on: 'outbox', keys: ['OUTBOX', 'UNDELIVERED', 'SUPPRESSED'], actions: ['Query'] },
      { on: 'byDue', keys: ['TASKS'], actions: ['Query'] },
      { on: 'byAgency', keys: ['AGENCY#*'], actions: ['Query'] },
      { on: 'table', keys: ['TASK#*', 'EXTREQ#*'], actions: ['PutItem', 'UpdateItem'] },
      { on: 'table', keys: ['PLAN'], actions: ['BatchWriteItem'] },
      { on: 'table', keys: ['MAIL#*'], actions: ['PutItem'] },
      { on: 'table', keys: ['CALENDAR'], actions: ['GetItem', 'PutItem', 'Query'] },
      { on: 'byRecipient', keys: ['DIGEST#*'], actions: ['Query'] },
      { on: 'table', keys: ['MAIL#digest#*'], actions: ['GetItem', 'Query'] },
    ]);
    expectStatements('task-update', [
      { on: 'table', keys: ['TASK#*'], actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      { on: 'table', keys: ['CALENDAR'], actions: ['Query'] },
    ]);
    expectStatements('deadline-task', [
      { on: 'table', keys: ['PLAN', 'CALENDAR'], actions: ['Query'] },
      { on: 'table', keys: ['TASK#*'], actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      { on: 'table', keys: ['MAIL#*'], actions: ['ConditionCheckItem', 'GetItem', 'PutItem'] },
      { on: 'byWake', keys: ['WAKE'], actions: ['Query'] },
    ]);
    expectStatements('leader-list', [
      { on: 'table', keys: ['PLAN'], actions: ['Query'] },
      { on: 'table', keys: ['MAIL#*'], actions: ['PutItem', 'Query'] },
    ]);
    expectStatements('indicator', [
      { on: 'table', keys: ['PLAN'], actions: ['GetItem', 'Query', 'UpdateItem'] },
      { on: 'table', keys: ['INDICATOR#*'], actions: ['PutItem', 'Query'] },
      { on: 'table', keys: ['MAIL#*'], actions: ['GetItem', 'PutItem'] },
    ]);
    expectStatements('digest', [
      { on: 'table', keys: ['PLAN', 'INDICATOR#*', 'CALENDAR'], actions: ['Query'] },
      { on: 'byDue', keys: ['TASKS'], actions: ['Query'] },
      { on: 'table', keys: ['MAIL#*'], actions: ['GetItem', 'PutItem'] },
    ]);
    expectStatements('ses-events', [
      { on: 'table', keys: ['MAIL#*'], actions: ['GetItem', 'PutItem', 'UpdateItem'] },
      { on: 'table', keys: ['ADDRESS#*'], actions: ['PutItem'] },
      { on: 'table', keys: ['PLAN'], actions: ['Query'] },
    ]);
    expectStatements('token-claims', []);
    // Every function of the topology is in the matrix above.
    expect(defaultTopology.functions.map((f) => f.name).sort()).toEqual(
      ['api', 'task-update', 'deadline', 'deadline-task', 'leader-list', 'outbox-sweep', 'indicator', 'digest', 'mailer', 'token-claims', 'ses-events'].sort(),
    );
  });

  it('grants no function Scan, DeleteItem, a table-wide key or any dynamodb wildcard', () => {
    for (const spec of defaultTopology.functions) {
      const dynamo = actionsOf(template, spec).filter((a) => a.startsWith('dynamodb:'));
      for (const forbidden of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:*']) expect(dynamo, spec.name).not.toContain(forbidden);
      expect(
        dynamo.filter((a) => a.includes('*')),
        spec.name,
      ).toEqual([]);
      for (const s of tableStatements(template, spec)) expect(s.keys, spec.name).not.toContain('*');
    }
    // Only the api writes the plan's reference data, and no function but the api and the consumers of
    // task work writes a task; only the mailer and the SES events function touch suppressed addresses.
    const writers = (key: string) =>
      defaultTopology.functions
        .filter((f) =>
          tableStatements(template, f).some((s) => s.keys.includes(key) && s.actions.some((a) => !['GetItem', 'Query', 'BatchGetItem'].includes(a))),
        )
        .map((f) => f.name)
        .sort();
    expect(writers('TASK#*')).toEqual(['api', 'deadline-task', 'task-update']);
    expect(writers('ADDRESS#*')).toEqual(['mailer', 'ses-events']);
    expect(writers('PLAN')).toEqual(['api', 'indicator']);
    // Only the api (the office's changes) writes the calendar; the runs read it.
    expect(writers('CALENDAR')).toEqual(['api']);
  });

  it('is the table the README shows', () => {
    expect(fs.readFileSync('README.md', 'utf8')).toContain(tableGrantsTable());
  });

  it('rejects a malformed table grant when the stack is built', () => {
    const withGrant = (grant: unknown): Topology => ({
      ...defaultTopology,
      functions: defaultTopology.functions.map((f) => (f.name === 'mailer' ? { ...f, grants: { ...f.grants, table: [grant as TableGrant] } } : f)),
    });
    expect(() => synth(withGrant({ actions: ['GetItem'], keys: [] }))).toThrow(/mailer: table grant 1 has no partition keys/);
    expect(() => synth(withGrant({ actions: [], keys: ['MAIL#*'] }))).toThrow(/has no actions/);
    expect(() => synth(withGrant({ actions: ['Scan'], keys: ['MAIL#*'] }))).toThrow(/"Scan" is not a grantable DynamoDB action/);
    expect(() => synth(withGrant({ actions: ['*'], keys: ['MAIL#*'] }))).toThrow(/"\*" is not a grantable DynamoDB action/);
    expect(() => synth(withGrant({ actions: ['GetItem'], keys: ['*'] }))).toThrow(/matches every partition key/);
    expect(() => synth(withGrant({ actions: ['Query'], index: 'gsi9', keys: ['X'] }))).toThrow(/the table has no index gsi9/);
    expect(() => synth(withGrant({ actions: ['PutItem'], index: 'outbox', keys: ['OUTBOX'] }))).toThrow(/PutItem cannot be granted on index outbox/);
    expect(() => validateTableGrants(withGrant({ actions: ['GetItem'], keys: [''] }))).toThrow(/is not a partition key pattern/);
  });
});
