/**
 * cdk-nag's AwsSolutions checks, run on every synth of the app (infra/app.ts), and the one place
 * where a finding is acknowledged instead of fixed.
 *
 * Every finding the checks report, warning or error, fails the synth unless it is acknowledged
 * below with its rule id and the reason it is accepted. An acknowledgement is scoped to the
 * constructs it is about (a role, a policy, a route, the user pool), never to the whole stack, and
 * IAM5 findings are acknowledged one wildcard at a time (`AwsSolutions-IAM5[Resource::...]`,
 * `AwsSolutions-IAM5[Action::...]`).
 *
 * To accept a new finding, add an entry here with a reason a reviewer can check; to fix one, change
 * infra/stack.ts and delete its entry (test/infra/nag.test.ts fails on an entry that no longer
 * matches a finding).
 */
import * as cdk from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { DondocStack } from './stack';

/** A finding accepted on purpose. */
export interface Acknowledgement {
  /** The rule id, with the finding for rules that report several: `AwsSolutions-IAM5[Resource::*]`. */
  readonly id: string;
  /** Why the finding is accepted. */
  readonly reason: string;
  /** The constructs it applies to (each with everything beneath it). */
  readonly scopes: IConstruct[];
}

/**
 * Routes open without a token, each with the reason it may be. A route the topology declares with
 * `auth: false` that is not listed here fails the synth (AwsSolutions-APIG4).
 */
const PUBLIC_ROUTES: Record<string, string> = {
  'GET /health': 'Liveness check for uptime monitoring, which holds no user token. It returns only {status, time} and reads no data.',
  'GET /openapi.json': "The API's OpenAPI document, for client generators and readers without a token. It is built from the code's schemas and reads no data.",
};

/** The only actions a function's role may hold on Resource "*": X-Ray offers no resource-level permissions for them. */
const XRAY_ACTIONS = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);

const LAMBDA_BASIC_EXECUTION = 'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/** Runs the AwsSolutions checks when `app` synthesizes; any unacknowledged finding makes the synth fail. */
export function addNagChecks(app: cdk.Stage): void {
  cdk.Validations.of(app).addPlugins(new EveryFindingFails(new AwsSolutionsChecks()));
}

/** Acknowledges, on the stack's constructs, the findings listed by `acknowledgements`. */
export function acknowledgeFindings(stack: DondocStack): void {
  applyAcknowledgements(acknowledgements(stack));
}

export function applyAcknowledgements(acks: Acknowledgement[]): void {
  for (const ack of acks) {
    if (!ack.reason.trim()) throw new Error(`acknowledgement of ${ack.id} has no reason`);
    for (const scope of ack.scopes) cdk.Validations.of(scope).acknowledge({ id: ack.id, reason: ack.reason });
  }
}

/** The findings of the AwsSolutions checks that the stack accepts, and why. */
export function acknowledgements(stack: DondocStack): Acknowledgement[] {
  const functions = [...stack.functions.values()];
  const roles = functions.flatMap((fn) => (fn.role ? [fn.role] : []));
  const publicRoutes = stack.httpApi.node.findAll().filter((c): c is apigwv2.CfnRoute => c instanceof apigwv2.CfnRoute && c.authorizationType === 'NONE');

  return [
    // ---- IAM: the functions' execution roles ----
    {
      id: `AwsSolutions-IAM4[${LAMBDA_BASIC_EXECUTION}]`,
      reason:
        'The execution role CDK creates for each function carries the AWS managed AWSLambdaBasicExecutionRole: ' +
        'logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents, nothing else. It lets the function write logs ' +
        'and cannot read any; the stack gives each function its own log group with one-month retention, which is where it writes.',
      scopes: roles,
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active X-Ray tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level ' +
        'permissions: AWS requires Resource "*". Acknowledged only on roles where those are the only actions on "*".',
      scopes: functions.flatMap((fn) => {
        const policy = defaultPolicyOf(fn);
        if (!policy) return [];
        const onAnyResource = statementsOf(stack, policy).filter((s) => s.resources.includes('"*"'));
        return onAnyResource.length > 0 && onAnyResource.every((s) => s.actions.every((a) => XRAY_ACTIONS.has(a))) ? [policy] : [];
      }),
    },

    // ---- queues ----
    {
      id: 'AwsSolutions-SQS3',
      reason:
        "The failed-runs queue is itself a dead-letter destination: Lambda's on-failure destination for scheduled and " +
        'event-driven runs that failed every attempt. Nothing consumes it, so nothing could be redriven from it to a DLQ; ' +
        'its alarm fires on the first message and an operator repeats the run from the event it holds.',
      scopes: [stack.failedRuns],
    },

    // ---- HTTP API ----
    ...publicRoutes.flatMap((route): Acknowledgement[] => {
      const reason = PUBLIC_ROUTES[route.routeKey];
      return reason ? [{ id: 'AwsSolutions-APIG4', reason: `${route.routeKey} is public by design: ${reason}`, scopes: [route] }] : [];
    }),

    // ---- the portal: CloudFront, and the uploads of its files ----
    {
      id: 'AwsSolutions-CFR1',
      reason:
        'No geographic restriction: officials sign in from wherever they work (on mission abroad too), and the ' +
        'distribution serves only the public shell of the app (HTML, scripts, styles, config.json with public ids). ' +
        'Every datum comes from the API, which requires a Cognito access token with the API scope.',
      scopes: [stack.portalDistribution],
    },
    {
      id: 'AwsSolutions-CFR2',
      reason:
        'No AWS WAF web ACL: the distribution serves static files from a private bucket (GET and HEAD only, cached ' +
        'at the edge), so there is no input for WAF rules to inspect. A web ACL for CloudFront lives in us-east-1, ' +
        'outside this stack, and is billed monthly; the API behind the portal has its own throttling.',
      scopes: [stack.portalDistribution],
    },
    ...(stack.portalDomain
      ? []
      : [
          {
            id: 'AwsSolutions-CFR4',
            reason:
              "Without dondoc:portalDomain the portal is served on the distribution's *.cloudfront.net name, whose " +
              'certificate is the one CloudFront owns: its security policy cannot be chosen (CloudFront accepts TLSv1 there). ' +
              'A production deploy sets dondoc:portalDomain and dondoc:portalCertificateArn, and then the minimum is ' +
              'TLSv1.2_2021 (no finding). Viewers on HTTP are redirected to HTTPS either way.',
            scopes: [stack.portalDistribution],
          },
        ]),
    ...portalDeploymentAcknowledgements(stack),

    // ---- Cognito ----
    {
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is not required yet: requiring it needs the web client to handle TOTP enrolment (the MFA_SETUP ' +
        'challenge) first, and imposing it on every official is a product decision not yet taken. Meanwhile accounts ' +
        'are created by administrators only (no self sign-up), passwords follow a 12-character policy with all ' +
        'character classes, and the client hides whether a user exists.',
      scopes: [stack.userPool],
    },
    {
      id: 'AwsSolutions-COG8',
      reason:
        'The pool is not on the Plus feature plan. Plus (threat protection, compromised-credential checks) is ' +
        'billed per monthly active user with no free tier; choosing it is a cost decision for the account owner. ' +
        'Sign-up is administrator-only and the password policy is strict.',
      scopes: [stack.userPool],
    },
  ];
}

/**
 * The function CDK adds to run BucketDeployment (one for both uploads): it copies the portal's
 * build from the CDK assets bucket into the portal's bucket. Its role and runtime are CDK's.
 */
function portalDeploymentAcknowledgements(stack: DondocStack): Acknowledgement[] {
  const roles = [...new Set(stack.portalDeployments.map((d) => d.handlerRole))];
  const handlers = roles.flatMap((r) => (r.node.scope ? [r.node.scope] : []));
  const bucketId = stack.getLogicalId(stack.portalBucket.node.defaultChild as cdk.CfnElement);
  const region = cdk.Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const assetsBucket = `arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${region}/*`;
  const copy =
    "BucketDeployment's handler, which copies the portal's build into its bucket on deploy, gets these from CDK's " +
    'grants: read on the CDK assets bucket (where the build is staged) and read-write on the portal bucket. ';
  return [
    {
      id: `AwsSolutions-IAM4[${LAMBDA_BASIC_EXECUTION}]`,
      reason:
        'The role of the function CDK adds to run BucketDeployment carries the AWS managed AWSLambdaBasicExecutionRole ' +
        '(logs:CreateLogGroup, CreateLogStream, PutLogEvents): it writes its own logs and can read none.',
      scopes: roles,
    },
    ...['s3:GetObject*', 's3:GetBucket*', 's3:List*'].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `${copy}${action} is CDK's read grant on those two buckets only (s3 sync lists and reads the objects it copies).`,
      scopes: roles,
    })),
    ...['s3:DeleteObject*', 's3:Abort*'].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `${copy}${action} is CDK's write grant on the portal bucket only: the upload replaces the files of the previous build and removes the ones it no longer has.`,
      scopes: roles,
    })),
    {
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      reason: `${copy}Every object of the portal bucket: the bucket holds the portal's build and nothing else.`,
      scopes: roles,
    },
    {
      id: `AwsSolutions-IAM5[Resource::${assetsBucket}]`,
      reason: `${copy}The objects of the CDK assets bucket: the staged build's key is known only at deploy time.`,
      scopes: roles,
    },
    {
      id: 'AwsSolutions-L1',
      reason:
        "The runtime of BucketDeployment's handler is chosen by aws-cdk-lib, which ships the handler and the AWS CLI " +
        "layer it runs with; it is updated with aws-cdk-lib. The handler runs only during a deploy, on CDK's own code.",
      scopes: handlers,
    },
  ];
}

/** The policy CDK attaches to a function's execution role for its grants. */
function defaultPolicyOf(fn: lambda.IFunction): iam.Policy | undefined {
  const policy = fn.role?.node.tryFindChild('DefaultPolicy');
  return policy instanceof iam.Policy ? policy : undefined;
}

/** A policy's statements, resolved: actions as strings, resources as JSON. */
function statementsOf(stack: cdk.Stack, policy: iam.Policy): Array<{ actions: string[]; resources: string[] }> {
  const doc = stack.resolve(policy.document) as { Statement?: Array<{ Action: string | string[]; Resource?: unknown }> };
  return (doc.Statement ?? []).map((s) => ({
    actions: [s.Action].flat(),
    resources: (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map((r) => JSON.stringify(r)),
  }));
}

/**
 * Wraps a rule pack so that every finding it reports is an error. CDK fails the synth on a
 * failed report, but recomputes success from the severities when it applies acknowledgements
 * of its own; as errors, warning-level findings (e.g. AwsSolutions-COG2) fail it in every case.
 */
class EveryFindingFails implements cdk.IPolicyValidationPlugin {
  readonly name: string;
  readonly version?: string;
  readonly ruleIds?: string[];

  constructor(private readonly pack: NagPack) {
    this.name = pack.name;
    this.version = pack.version;
    this.ruleIds = pack.ruleIds;
  }

  validate(context: cdk.IPolicyValidationContext): cdk.PolicyValidationPluginReport {
    const report = this.pack.validate(context);
    return {
      ...report,
      success: report.success && report.violations.length === 0,
      violations: report.violations.map((v) => ({ ...v, severity: 'error' })),
    };
  }
}
