/**
 * The AWS side of dondoc, built entirely from infra/topology.ts: nothing here names a function,
 * queue, route, rule or schedule. Add a trigger to the topology and it appears both here and in
 * the local emulator (infra/emulator/), which is built from the same module.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cdk from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  asyncFunctions,
  functionEnv,
  pascal,
  portalOrigin,
  topology,
  visibilityTimeoutSeconds,
  type AsyncSpec,
  type Topology,
  type EventRuleTrigger,
  type HttpRoute,
  type QueueSpec,
  type ScheduleTrigger,
  type SqsTrigger,
  type TableGrant,
  validateTableGrants,
} from '../topology';
import { ROLES, API_SCOPE } from '../../events/roles';
import { INDICATOR_SOURCE } from '../../events/indicator';
import { CALLBACK_PATH, PORTAL_SCOPES, SIGNED_OUT_PATH, contentSecurityPolicy, type PortalConfig } from '../../shared/portal-config';
import { portalBuild } from './portal';

/** Repository root: entries in the topology are relative to it. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---- the topology the stack is built from ------------------------------------------------------

/** The real topology, as infra/topology.ts declares it. */
export const defaultTopology: Topology = topology;

export interface DondocStackProps extends cdk.StackProps {
  /** @default the exports of infra/topology.ts */
  topology?: Topology;
  /** Public base URL used in links inside emails: the portal's. @default context `dondoc:appUrl`, else the portal's URL */
  appUrl?: string;
  /** The portal's own domain name (e.g. dondoc.hanoi.gov.vn). @default context `dondoc:portalDomain`, else CloudFront's *.cloudfront.net name */
  portalDomain?: string;
  /** ACM certificate (in us-east-1) for portalDomain. @default context `dondoc:portalCertificateArn` */
  portalCertificateArn?: string;
  /** Prefix of the Cognito managed login domain. @default context `dondoc:cognitoDomainPrefix`, else `<stack name>-<account>` */
  cognitoDomainPrefix?: string;
  /** Sender address of every email. @default context `dondoc:mailFrom`, else DEFAULT_MAIL_FROM */
  mailFrom?: string;
  /** The mailer's maximum concurrency. @default context `dondoc:mailerConcurrency`, else the topology's (MAILER_CONCURRENCY_DEFAULT) */
  mailerConcurrency?: number;
}

// ---- settings taken from CDK context -----------------------------------------------------------
//
// `dondoc:portalDomain` The portal's own domain name (dondoc.hanoi.gov.vn), with
// `dondoc:portalCertificateArn` an ACM certificate for it in us-east-1 (CloudFront's region for
//                   certificates): CloudFront answers on that name; point a CNAME at the
//                   PortalDistributionDomainName output. Without them the portal is served on the
//                   distribution's own https://<id>.cloudfront.net name.
// `dondoc:appUrl`   Public base URL put into the links inside emails (APP_URL): the portal's URL,
//                   which is its default. If set, it must be on the portal's origin (so set
//                   dondoc:portalDomain with it): email links open the portal, and the API's CORS
//                   allows that one origin.
// `dondoc:cognitoDomainPrefix` Prefix of the Cognito managed login domain,
//                   https://<prefix>.auth.<region>.amazoncognito.com (unique in the region; no
//                   "aws", "amazon" or "cognito" in it). Default: <stack name>-<account id>.
// `dondoc:mailFrom` Sender address of every email (MAIL_FROM). Its SES identity (the address or its
//                   domain) is NOT created by this stack: verify it in SES out of band (DKIM records
//                   in DNS, production access) before deploying; the mailer may send only from it.
// `dondoc:mailerConcurrency` How many batches of the email queue the mailer handles at once (the
//                   event source mapping's maximum concurrency, 2-1000; default 2). The mailer
//                   sends one email at a time, each a fraction of a second: set it to the account's
//                   SES maximum send rate (emails a second, SES console > Account dashboard), so
//                   that the 07:00 run and Monday's digests are not throttled into the DLQ.
//
// e.g. `npx cdk deploy -c dondoc:portalDomain=dondoc.hanoi.gov.vn -c dondoc:portalCertificateArn=arn:aws:acm:us-east-1:…
//        -c dondoc:mailFrom=dondoc@hanoi.gov.vn -c dondoc:mailerConcurrency=14`

export const APP_URL_CONTEXT = 'dondoc:appUrl';
export const PORTAL_DOMAIN_CONTEXT = 'dondoc:portalDomain';
export const PORTAL_CERTIFICATE_CONTEXT = 'dondoc:portalCertificateArn';
export const COGNITO_DOMAIN_PREFIX_CONTEXT = 'dondoc:cognitoDomainPrefix';
export const MAIL_FROM_CONTEXT = 'dondoc:mailFrom';
export const MAILER_CONCURRENCY_CONTEXT = 'dondoc:mailerConcurrency';
/** The queue whose consumer `dondoc:mailerConcurrency` bounds. */
const MAIL_QUEUE = 'email';
export const DEFAULT_MAIL_FROM = 'dondoc@example.gov.vn';

/** One JSON object per request in the HTTP API's access log (HTTP API $context variables). */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  caller: '$context.authorizer.claims.sub',
};

/**
 * SES email events forwarded to the default EventBridge bus, where the ses-events function's rule
 * listens: Send confirms a ledger key whose sender died before recording it; Bounce and Complaint
 * suppress the address.
 */
const FORWARDED_EMAIL_EVENTS = [ses.EmailSendingEvent.SEND, ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT];

// ---- defaults shared by every function ---------------------------------------------------------

/** Lambda runtime: the latest Node.js Lambda offers. The same code also runs on the local Node 20. */
const RUNTIME = lambda.Runtime.NODEJS_24_X;
/** esbuild target matching RUNTIME. */
const BUNDLE_TARGET = 'node24';

/**
 * ESM bundles need `require` for the CommonJS dependencies esbuild inlines (it emits a shim that
 * calls the global `require`, which ESM lacks).
 */
export const ESM_REQUIRE_BANNER = "import { createRequire as __cjsRequire } from 'node:module';const require = __cjsRequire(import.meta.url);";

/**
 * Bundle everything except the AWS SDK v3, which the Node.js 24 runtime already ships: a smaller
 * bundle means a shorter cold start.
 */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];

const SCHEDULE_EXPRESSION = /^(cron|rate|at)\(.+\)$/;

/** How long the portal's access logs (CloudFront's and the bucket's) are kept. */
const PORTAL_LOG_RETENTION_DAYS = 365;

export class DondocStack extends cdk.Stack {
  readonly table: dynamodb.Table;
  readonly bus: events.EventBus;
  /** The role the statistics office's system assumes to report indicator values on the bus. */
  readonly indicatorReporter: iam.Role;
  /** The account's default bus, where AWS services (SES among them) publish their events. */
  readonly defaultBus: events.IEventBus;
  /** Present when some function sends email. */
  readonly configurationSet?: ses.ConfigurationSet;
  readonly queues = new Map<string, { queue: sqs.Queue; dlq: sqs.Queue }>();
  /** The on-failure destination of every asynchronously invoked function. */
  readonly failedRuns: sqs.Queue;
  readonly functions = new Map<string, NodejsFunction>();
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly httpApi: apigwv2.HttpApi;
  /** The portal's files: private, read by CloudFront only (origin access control). */
  readonly portalBucket: s3.Bucket;
  /** Access logs of the portal's distribution and bucket. */
  readonly portalLogs: s3.Bucket;
  readonly portalDistribution: cloudfront.Distribution;
  /** The portal's public URL: https://<portalDomain>, else the distribution's. */
  readonly portalUrl: string;
  /** The portal's own domain name, when it has one (context dondoc:portalDomain). */
  readonly portalDomain?: string;
  /** Cognito's managed login, where the portal signs users in and out. */
  readonly userPoolDomain: cognito.UserPoolDomain;
  /** The uploads of the portal's files and of its /config.json. */
  readonly portalDeployments: s3deploy.BucketDeployment[] = [];

  constructor(scope: Construct, id: string, props: DondocStackProps = {}) {
    super(scope, id, props);
    // S3 access logs are delivered under the log bucket's policy, not a canned ACL: the bucket's
    // ACL is left to CloudFront, which adds its own log-delivery grant to it.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const topo = props.topology ?? defaultTopology;
    validate(topo);
    const mailFrom = props.mailFrom ?? contextString(this, MAIL_FROM_CONTEXT) ?? DEFAULT_MAIL_FROM;
    const portalDomain = props.portalDomain ?? contextString(this, PORTAL_DOMAIN_CONTEXT);
    const portalCertificateArn = props.portalCertificateArn ?? contextString(this, PORTAL_CERTIFICATE_CONTEXT);
    const cognitoDomainPrefix =
      props.cognitoDomainPrefix ?? contextString(this, COGNITO_DOMAIN_PREFIX_CONTEXT) ?? `${this.stackName.toLowerCase()}-${this.account}`;
    validatePortalSettings(portalDomain, portalCertificateArn, cognitoDomainPrefix);
    this.portalDomain = portalDomain;
    const mailerConcurrency = props.mailerConcurrency ?? contextInteger(this, MAILER_CONCURRENCY_CONTEXT);
    if (mailerConcurrency !== undefined) validateConcurrency(MAILER_CONCURRENCY_CONTEXT, mailerConcurrency);

    // ---- the portal: a private bucket behind CloudFront ----
    // Built first: APP_URL (in every function's environment), the API's CORS origin and the app
    // client's callback URL all name the portal's URL, which is the distribution's own domain
    // unless a custom one is given.
    this.portalLogs = new s3.Bucket(this, 'PortalLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are written with an ACL: the bucket must accept ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: cdk.Duration.days(PORTAL_LOG_RETENTION_DAYS) }],
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    this.portalBucket = new s3.Bucket(this, 'PortalBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.portalLogs,
      serverAccessLogsPrefix: 'portal-bucket/',
      // Kept when the stack is deleted, like the other buckets: CloudFormation cannot delete a
      // bucket that still holds files (empty it by hand first).
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    const region = this.region;
    const cognitoOrigin = `https://${cognitoDomainPrefix}.auth.${region}.amazoncognito.com`;
    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'PortalSecurityHeaders', {
      comment: 'dondoc portal: HSTS, CSP, no framing, no sniffing',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: cdk.Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        contentSecurityPolicy: {
          // The API's origin, and Cognito's for the token exchange. Naming the API's own host would
          // make a cycle when the portal has no domain of its own (distribution -> this policy ->
          // API -> its CORS origin, the distribution's domain): then the policy names the region's
          // API Gateway hosts instead. Both are plain strings here, never the domain resource's.
          contentSecurityPolicy: contentSecurityPolicy([
            portalDomain ? cdk.Lazy.string({ produce: () => this.httpApi.apiEndpoint }) : `https://*.execute-api.${region}.amazonaws.com`,
            cognitoOrigin,
          ]),
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true }],
      },
    });
    // A path of the portal (/tasks/NV-02) is no object of the bucket: S3 answers 403 (CloudFront may
    // not list it), or 404; both become the app's index.html, which shows that page.
    const spaFallback = [403, 404].map((httpStatus) => ({
      httpStatus,
      responseHttpStatus: 200,
      responsePagePath: '/index.html',
      ttl: cdk.Duration.seconds(10),
    }));
    this.portalDistribution = new cloudfront.Distribution(this, 'PortalDistribution', {
      comment: 'dondoc portal',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.portalBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        compress: true,
      },
      errorResponses: spaFallback,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // North America, Europe and Asia (Vietnam's edge locations among them).
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: this.portalLogs,
      logFilePrefix: 'cloudfront/',
      ...(portalDomain && portalCertificateArn
        ? {
            domainNames: [portalDomain],
            certificate: acm.Certificate.fromCertificateArn(this, 'PortalCertificate', portalCertificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.portalUrl = portalDomain ? `https://${portalDomain}` : `https://${this.portalDistribution.distributionDomainName}`;
    const appUrl = props.appUrl ?? contextString(this, APP_URL_CONTEXT) ?? this.portalUrl;
    validateSettings(appUrl, mailFrom, portalDomain);
    const portalBuildSource = portalBuild();
    // Content-hashed files (assets/*): cached for a year, immutable. Those of earlier builds stay
    // (a few tens of KB each): a page loaded before a deploy can still fetch the files it names.
    const assets = new s3deploy.BucketDeployment(this, 'PortalAssets', {
      sources: [portalBuildSource],
      destinationBucket: this.portalBucket,
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
      memoryLimit: 512,
    });
    this.portalDeployments.push(assets);

    // ---- table ----
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: topo.table.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: topo.table.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // The programme's record of tasks and updates outlives any one deployment.
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    for (const ix of topo.table.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: ix.name,
        partitionKey: { name: ix.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: ix.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // ---- queues, each with a DLQ and an alarm on it ----
    for (const [name, spec] of Object.entries(topo.queues) as Array<[string, QueueSpec]>) {
      const id = pascal(name);
      const dlq = new sqs.Queue(this, `${id}Dlq`, {
        retentionPeriod: cdk.Duration.days(spec.dlqRetentionDays),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const queue = new sqs.Queue(this, `${id}Queue`, {
        visibilityTimeout: cdk.Duration.seconds(visibilityTimeoutSeconds(name, topo)),
        deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      dlq
        .metricApproximateNumberOfMessagesVisible({ period: cdk.Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM })
        .createAlarm(this, `${id}DlqAlarm`, {
          alarmDescription: `Messages from ${name} reached its dead-letter queue after ${spec.maxReceiveCount} receives`,
          threshold: 0,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
      this.queues.set(name, { queue, dlq });
    }
    // ---- failed runs: where Lambda puts an asynchronous invocation that failed every attempt ----
    this.failedRuns = new sqs.Queue(this, `${pascal(topo.failedRuns.name)}Queue`, {
      retentionPeriod: cdk.Duration.days(topo.failedRuns.retentionDays),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.failedRuns
      .metricApproximateNumberOfMessagesVisible({ period: cdk.Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM })
      .createAlarm(this, `${pascal(topo.failedRuns.name)}Alarm`, {
        alarmDescription: 'A scheduled or event-driven run failed all its attempts: its event is in the failed-runs queue',
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    const async = new Set(asyncFunctions(topo).map((f) => f.name));

    const queueOf = (q: string) => {
      const found = this.queues.get(q);
      if (!found) throw new Error(`queue ${q} is not declared in the topology`);
      return found.queue;
    };
    const dlqOf = (q: string) => {
      const found = this.queues.get(q);
      if (!found) throw new Error(`queue ${q} is not declared in the topology`);
      return found.dlq;
    };

    // ---- event buses ----
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `${this.stackName}-${topo.bus.name}` });
    // Indicator values come from the statistics office's system only: it assumes this role to put
    // them, and the bus refuses that source from anyone else in the account, so the source on an
    // event (which the indicator function records as the reporter) names who sent it.
    this.indicatorReporter = new iam.Role(this, 'IndicatorReporterRole', {
      assumedBy: new iam.AccountRootPrincipal(),
      description: `Puts IndicatorValueReported events (source ${INDICATOR_SOURCE}) on the dondoc bus`,
    });
    this.bus.grantPutEventsTo(this.indicatorReporter);
    this.bus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'IndicatorValuesOnlyFromTheReporter',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        conditions: { StringEquals: { 'events:source': INDICATOR_SOURCE }, ArnNotEquals: { 'aws:PrincipalArn': this.indicatorReporter.roleArn } },
      }),
    );
    this.defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');

    // ---- email: a configuration set that forwards sends, bounces and complaints to the default bus ----
    // The sender identity (MAIL_FROM's address or domain) is verified in SES out of band, not here.
    const sendsEmail = topo.functions.some((f) => f.grants.sendEmail);
    let sesResources: string[] = [];
    if (sendsEmail) {
      const configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
        configurationSetName: `${this.stackName}-email`,
      });
      configurationSet.addEventDestination('BouncesToEventBridge', {
        configurationSetEventDestinationName: 'email-events-to-eventbridge',
        destination: ses.EventDestination.eventBus(this.defaultBus),
        events: FORWARDED_EMAIL_EVENTS,
      });
      this.configurationSet = configurationSet;
      const domain = mailFrom.slice(mailFrom.lastIndexOf('@') + 1);
      // SES authorizes a send against the identity it uses (the address if verified, else its
      // domain) and the configuration set: exactly these, never `*`.
      sesResources = [
        this.formatArn({ service: 'ses', resource: 'identity', resourceName: mailFrom }),
        this.formatArn({ service: 'ses', resource: 'identity', resourceName: domain }),
        this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName }),
      ];
    }

    // ---- users and the HTTP API ----
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Applies when a password is set or changed; existing passwords stay valid until then.
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      customAttributes: {
        // Set by administrators only (see writeAttributes below): the caller's scope comes from these.
        agency: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
        leader: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
      },
      removalPolicy: cdk.RemovalPolicy.RETAIN,
      // Access token customization (pre token generation V2, see functions/token-claims) needs Essentials.
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
    });
    // The API's scope (API_SCOPE), granted to members of the role groups by the token-claims trigger.
    const [scopeServer, scopeName] = API_SCOPE.split('/') as [string, string];
    const resourceServer = this.userPool.addResourceServer('ApiResourceServer', {
      identifier: scopeServer,
      scopes: [new cognito.ResourceServerScope({ scopeName, scopeDescription: 'Call the dondoc API' })],
    });
    for (const role of ROLES) this.userPool.addGroup(`Group${pascal(role)}`, { groupName: role });
    // Managed login: where the portal sends users to sign in (authorization code flow with PKCE)
    // and to sign out (/logout, which ends the Cognito session).
    this.userPoolDomain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: cognitoDomainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.userPoolClient = this.userPool.addClient('UserPoolClient', {
      authFlows: { userSrp: true },
      // A public client: the portal runs in the browser and holds no secret; PKCE protects its code.
      generateSecret: false,
      preventUserExistenceErrors: true,
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        // Only what the portal asks for (openid): the API's scope is added to a member's access
        // token by the token-claims trigger, so the client must not grant it to anyone signed in.
        scopes: PORTAL_SCOPES.map((scope) => cognito.OAuthScope.custom(scope)),
        callbackUrls: [`${this.portalUrl}${CALLBACK_PATH}`],
        logoutUrls: [`${this.portalUrl}${SIGNED_OUT_PATH}`],
      },
      // Users must not be able to change their own agency or leader id: they decide what a caller may do.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    // Managed login (version 2) shows its pages for a client only once the client has a style:
    // Cognito's default one.
    new cognito.CfnManagedLoginBranding(this, 'ManagedLoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.userPoolClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    // The resource server is not the client's to grant (see oAuth.scopes), but it must exist
    // before any token carries its scope.
    this.userPoolClient.node.addDependency(resourceServer);
    const authorizer = new HttpJwtAuthorizer('CognitoAuthorizer', `https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.userPoolId}`, {
      jwtAudience: [this.userPoolClient.userPoolClientId],
    });
    const noAuth = new apigwv2.HttpNoneAuthorizer();
    // CORS limited to the portal's origin (APP_URL's): preflights are answered by API Gateway.
    const cors = topo.api.cors;
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'dondoc HTTP API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [cdk.Token.isUnresolved(this.portalUrl) ? this.portalUrl : portalOrigin(this.portalUrl)],
        allowMethods: cors.allowMethods.map((m) => apigwv2.CorsHttpMethod[m]),
        allowHeaders: cors.allowHeaders,
        exposeHeaders: cors.exposeHeaders,
        maxAge: cdk.Duration.seconds(cors.maxAgeSeconds),
      },
    });
    // The $default stage HttpApi would create, under the same construct id (so the same logical
    // id), plus an access log: one JSON line per request, for audit and for tracing a request id.
    const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    const stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: topo.api.throttle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    // ---- functions and their triggers ----
    for (const spec of topo.functions) {
      const id = pascal(spec.name);
      const logGroup = new logs.LogGroup(this, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH });
      const fn = new NodejsFunction(this, `${id}Function`, {
        entry: path.join(REPO_ROOT, spec.entry),
        handler: 'handler',
        projectRoot: REPO_ROOT,
        depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
        runtime: RUNTIME,
        architecture: lambda.Architecture.ARM_64,
        description: spec.description,
        timeout: cdk.Duration.seconds(spec.timeoutSeconds),
        memorySize: spec.memoryMb,
        ...(spec.reservedConcurrency ? { reservedConcurrentExecutions: spec.reservedConcurrency } : {}),
        tracing: lambda.Tracing.ACTIVE,
        logGroup,
        environment: {
          ...functionEnv(spec, {
            tableName: this.table.tableName,
            busName: this.bus.eventBusName,
            queueUrl: (q) => queueOf(q).queueUrl,
            dlqUrl: (q) => dlqOf(q).queueUrl,
            failedRunsUrl: this.failedRuns.queueUrl,
            appUrl,
            mailFrom,
            ...(this.configurationSet ? { configurationSet: this.configurationSet.configurationSetName } : {}),
          }),
          NODE_OPTIONS: '--enable-source-maps',
        },
        bundling: {
          format: OutputFormat.ESM,
          mainFields: ['module', 'main'],
          banner: ESM_REQUIRE_BANNER,
          minify: true,
          sourceMap: true,
          target: BUNDLE_TARGET,
          externalModules: EXTERNAL_MODULES,
          forceDockerBundling: false,
        },
      });
      this.functions.set(spec.name, fn);
      if (async.has(spec.name)) this.configureAsync(id, fn, spec.async!);

      // Least privilege: exactly the grants the topology declares.
      for (const grant of spec.grants.table ?? []) fn.addToRolePolicy(this.tableStatement(grant));
      for (const q of spec.grants.sendTo ?? []) queueOf(q).grantSendMessages(fn);
      // Reading a queue's depth (its attributes), nothing of its messages.
      for (const q of spec.grants.queueDepths?.deadLetters ?? []) dlqOf(q).grant(fn, 'sqs:GetQueueAttributes');
      if (spec.grants.queueDepths?.failedRuns) this.failedRuns.grant(fn, 'sqs:GetQueueAttributes');
      if (spec.grants.putEvents) this.bus.grantPutEventsTo(fn);
      if (spec.grants.sendEmail) {
        fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: sesResources }));
      }

      let integration: HttpLambdaIntegration | undefined;
      for (const trigger of spec.triggers) {
        switch (trigger.type) {
          case 'http':
            integration ??= new HttpLambdaIntegration(`${id}Integration`, fn);
            this.addRoute(trigger, integration, trigger.auth ? authorizer : noAuth);
            break;
          case 'sqs':
            this.addSqsTrigger(
              fn,
              queueOf(trigger.queue),
              trigger.queue === MAIL_QUEUE && mailerConcurrency !== undefined ? { ...trigger, maxConcurrency: mailerConcurrency } : trigger,
            );
            break;
          case 'schedule':
            this.addSchedule(id, fn, trigger);
            break;
          case 'event':
            this.addEventRule(id, fn, trigger);
            break;
          case 'cognito':
            this.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn, cognito.LambdaVersion.V2_0);
            break;
          default: {
            const unknown: never = trigger;
            throw new Error(`unknown trigger ${JSON.stringify(unknown)}`);
          }
        }
      }
    }

    // Stricter limits for the routes that declare one (the imports), on the same stage (RouteSettings
    // is untyped JSON in the L1 construct: its keys are written as CloudFormation spells them).
    const routeSettings = Object.fromEntries(
      topo.functions.flatMap((f) =>
        f.triggers.flatMap((t) =>
          t.type === 'http' && t.throttle
            ? [[`${t.method} ${t.path}`, { ThrottlingRateLimit: t.throttle.rateLimit, ThrottlingBurstLimit: t.throttle.burstLimit }]]
            : [],
        ),
      ),
    );
    if (Object.keys(routeSettings).length) {
      const cfnStage = stage.node.defaultChild as apigwv2.CfnStage;
      cfnStage.routeSettings = routeSettings;
      // The settings name routes by key: CloudFormation must create those routes first.
      for (const r of this.httpApi.node.findAll()) if (r instanceof apigwv2.CfnRoute && r.routeKey in routeSettings) cfnStage.addDependency(r);
    }

    // ---- rules that feed a queue (outside systems publishing on the app's bus) ----
    for (const rule of topo.rules) {
      const target = this.queues.get(rule.queue);
      if (!target) throw new Error(`rule ${rule.name} targets undeclared queue ${rule.queue}`);
      const { source, 'detail-type': detailType, detail } = rule.pattern;
      new events.Rule(this, `QueueRule${pascal(rule.name)}`, {
        eventBus: this.bus,
        description: `${rule.name} -> ${rule.queue}`,
        eventPattern: { ...(source ? { source } : {}), ...(detailType ? { detailType } : {}), ...(detail ? { detail } : {}) },
        targets: [new eventTargets.SqsQueue(target.queue)],
      });
    }

    // ---- the portal's /config.json, with the values of this deployment ----
    // Uploaded after the files it may name; index.html and config.json are revalidated on every
    // load (no-cache), so a deploy reaches every browser at its next visit.
    const signIn = this.userPoolDomain.baseUrl();
    const config: PortalConfig = {
      apiUrl: this.httpApi.apiEndpoint,
      auth: {
        authorizeUrl: `${signIn}/oauth2/authorize`,
        tokenUrl: `${signIn}/oauth2/token`,
        logoutUrl: `${signIn}/logout`,
        clientId: this.userPoolClient.userPoolClientId,
      },
      environment: 'aws',
    };
    const pages = new s3deploy.BucketDeployment(this, 'PortalPages', {
      sources: [portalBuildSource, s3deploy.Source.jsonData('config.json', config)],
      destinationBucket: this.portalBucket,
      exclude: ['*'],
      include: ['index.html', 'config.json'],
      cacheControl: [s3deploy.CacheControl.noCache()],
      memoryLimit: 512,
    });
    pages.node.addDependency(assets);
    this.portalDeployments.push(pages);

    // ---- outputs ----
    new cdk.CfnOutput(this, 'PortalUrl', { value: this.portalUrl, description: 'The portal: where officials sign in' });
    new cdk.CfnOutput(this, 'PortalDistributionDomainName', {
      value: this.portalDistribution.distributionDomainName,
      description: "The CNAME target for dondoc:portalDomain's DNS record",
    });
    new cdk.CfnOutput(this, 'SignInUrl', { value: signIn, description: "Cognito's managed login for the portal" });
    new cdk.CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint });
    new cdk.CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new cdk.CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new cdk.CfnOutput(this, 'TableName', { value: this.table.tableName });
    new cdk.CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
    new cdk.CfnOutput(this, 'IndicatorReporterRoleArn', {
      value: this.indicatorReporter.roleArn,
      description: `Assumed by the statistics office's system to put indicator values (source ${INDICATOR_SOURCE})`,
    });
    if (this.configurationSet) {
      new cdk.CfnOutput(this, 'ConfigurationSetName', { value: this.configurationSet.configurationSetName });
      new cdk.CfnOutput(this, 'MailFrom', { value: mailFrom, description: 'Sender address: verify its SES identity out of band' });
    }
    new cdk.CfnOutput(this, 'FailedRunsUrl', {
      value: this.failedRuns.queueUrl,
      description: 'URL of the queue of scheduled or event-driven runs that failed every attempt',
    });
    new cdk.CfnOutput(this, 'AppUrl', { value: appUrl, description: "Base URL of links in emails: the portal's (context dondoc:appUrl)" });
    for (const [name, { queue, dlq }] of this.queues) {
      new cdk.CfnOutput(this, `QueueUrl${pascal(name)}`, { value: queue.queueUrl, description: `URL of the ${name} queue` });
      new cdk.CfnOutput(this, `DlqUrl${pascal(name)}`, { value: dlq.queueUrl, description: `URL of the ${name} dead-letter queue` });
    }
  }

  /**
   * One table grant as one statement: its actions, on the table (or exactly its one index), for
   * items whose partition key matches one of its patterns. `ForAllValues` makes every key of a
   * request match: a BatchWriteItem with one key outside the patterns is refused whole, and a
   * TransactWriteItems is authorised item by item with the action each item performs.
   */
  private tableStatement(grant: TableGrant): iam.PolicyStatement {
    return new iam.PolicyStatement({
      actions: grant.actions.map((a) => `dynamodb:${a}`),
      resources: [grant.index ? `${this.table.tableArn}/index/${grant.index}` : this.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': grant.keys } },
    });
  }

  /**
   * Lambda's handling of the function's asynchronous invocations: the retries and event age the
   * topology declares, then the failed-runs queue; and an alarm on any error, retried or not.
   */
  private configureAsync(fnId: string, fn: NodejsFunction, spec: AsyncSpec): void {
    fn.configureAsyncInvoke({
      retryAttempts: spec.retryAttempts,
      maxEventAge: cdk.Duration.seconds(spec.maxEventAgeSeconds),
      onFailure: new SqsDestination(this.failedRuns),
    });
    fn.metricErrors({ period: cdk.Duration.minutes(5), statistic: cloudwatch.Stats.SUM }).createAlarm(this, `${fnId}ErrorsAlarm`, {
      alarmDescription: `${fn.node.id} failed a run (Lambda retries it; after the last attempt the event goes to the failed-runs queue)`,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  private addRoute(route: HttpRoute, integration: HttpLambdaIntegration, authorizer: apigwv2.IHttpRouteAuthorizer): void {
    this.httpApi.addRoutes({
      path: route.path,
      methods: [apigwv2.HttpMethod[route.method]],
      integration,
      authorizer,
      // Access tokens without the API's scope are refused by the authorizer.
      ...(route.scopes.length ? { authorizationScopes: route.scopes } : {}),
    });
  }

  private addSqsTrigger(fn: NodejsFunction, queue: sqs.Queue, trigger: SqsTrigger): void {
    fn.addEventSource(
      new SqsEventSource(queue, {
        batchSize: trigger.batchSize,
        ...(trigger.maxBatchingWindowSeconds > 0 ? { maxBatchingWindow: cdk.Duration.seconds(trigger.maxBatchingWindowSeconds) } : {}),
        ...(trigger.maxConcurrency !== undefined ? { maxConcurrency: trigger.maxConcurrency } : {}),
        // Handlers return only the failed records; the rest of the batch is deleted.
        reportBatchItemFailures: true,
      }),
    );
  }

  /** One EventBridge Scheduler schedule, invoking the function with a Scheduler-shaped input. */
  private addSchedule(fnId: string, fn: NodejsFunction, trigger: ScheduleTrigger): void {
    const id = `${fnId}Schedule${pascal(trigger.name)}`;
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      description: `Lets EventBridge Scheduler invoke ${fn.node.id} for the ${trigger.name} schedule`,
    });
    // The schedule invokes the unqualified function, so exactly its ARN (grantInvoke would add
    // `<arn>:*`, every version and alias, which no schedule uses).
    role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }));
    new scheduler.CfnSchedule(this, id, {
      description: `${trigger.name}: ${trigger.cron} (${trigger.timeZone})`,
      scheduleExpression: trigger.cron,
      scheduleExpressionTimezone: trigger.timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: fn.functionArn,
        roleArn: role.roleArn,
        input: JSON.stringify({ schedule: trigger.name, scheduledTime: '<aws.scheduler.scheduled-time>' }),
      },
    });
  }

  /** One rule on the app's bus (or the default bus, for AWS service events), delivering matching events to the function. */
  private addEventRule(fnId: string, fn: NodejsFunction, trigger: EventRuleTrigger): void {
    const { source, 'detail-type': detailType, detail } = trigger.pattern;
    new events.Rule(this, `${fnId}Rule${pascal(trigger.name)}`, {
      eventBus: trigger.bus === 'default' ? this.defaultBus : this.bus,
      description: `${trigger.name} -> ${fn.node.id}`,
      eventPattern: {
        ...(source ? { source } : {}),
        ...(detailType ? { detailType } : {}),
        ...(detail ? { detail } : {}),
      },
      targets: [new eventTargets.LambdaFunction(fn)],
    });
  }
}

/** A string from CDK context (`-c key=value` or cdk.json), if set. */
function contextString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`context ${key} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** A whole number from CDK context (`-c key=14` arrives as a string), if set. */
function contextInteger(scope: Construct, key: string): number | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new Error(`context ${key} must be a whole number, got ${JSON.stringify(value)}`);
  return n;
}

/** Lambda's limits for an SQS event source's maximum concurrency. */
function validateConcurrency(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 2 || n > 1000) throw new Error(`${what}: maximum concurrency must be a whole number from 2 to 1000, got ${n}`);
}

function validateSettings(appUrl: string, mailFrom: string, portalDomain: string | undefined): void {
  if (!cdk.Token.isUnresolved(appUrl)) {
    let url: URL;
    try {
      url = new URL(appUrl);
    } catch {
      throw new Error(`${APP_URL_CONTEXT}: "${appUrl}" is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${APP_URL_CONTEXT}: "${appUrl}" is not an http(s) URL`);
    // Email links open the portal, and the API answers browsers from the portal's origin only.
    if (!portalDomain) {
      throw new Error(
        `${APP_URL_CONTEXT}: "${appUrl}" is not the portal's URL: to serve the portal on your own domain, set ${PORTAL_DOMAIN_CONTEXT} and ${PORTAL_CERTIFICATE_CONTEXT} (APP_URL then defaults to it)`,
      );
    }
    if (url.origin !== `https://${portalDomain}`) throw new Error(`${APP_URL_CONTEXT}: "${appUrl}" is not on the portal's origin https://${portalDomain}`);
  }
  if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(mailFrom)) {
    throw new Error(`${MAIL_FROM_CONTEXT}: "${mailFrom}" is not a bare email address such as dondoc@example.gov.vn`);
  }
}

function validatePortalSettings(domain: string | undefined, certificateArn: string | undefined, cognitoPrefix: string): void {
  if (domain !== undefined && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain)) {
    throw new Error(`${PORTAL_DOMAIN_CONTEXT}: "${domain}" is not a lower-case domain name such as dondoc.hanoi.gov.vn`);
  }
  if ((domain === undefined) !== (certificateArn === undefined)) {
    throw new Error(`${PORTAL_DOMAIN_CONTEXT} and ${PORTAL_CERTIFICATE_CONTEXT} go together: CloudFront serves a domain only with its certificate`);
  }
  if (certificateArn !== undefined && !/^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn)) {
    throw new Error(
      `${PORTAL_CERTIFICATE_CONTEXT}: "${certificateArn}" is not an ACM certificate ARN in us-east-1 (CloudFront takes its certificates from there)`,
    );
  }
  if (!cdk.Token.isUnresolved(cognitoPrefix) && (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(cognitoPrefix) || /aws|amazon|cognito/.test(cognitoPrefix))) {
    throw new Error(
      `${COGNITO_DOMAIN_PREFIX_CONTEXT}: "${cognitoPrefix}" must be lower-case letters, digits and hyphens, without "aws", "amazon" or "cognito"`,
    );
  }
}

/** Fails synth with a clear message rather than a confusing CloudFormation error at deploy. */
function validate(topo: Topology): void {
  validateTableGrants(topo);
  const names = new Set<string>();
  const routeKeys = new Set<string>();
  const consumers = new Map<string, string>();
  for (const fn of topo.functions) {
    if (names.has(fn.name)) throw new Error(`function ${fn.name} is declared twice`);
    names.add(fn.name);
    for (const t of fn.triggers) {
      if (t.type === 'http') {
        const key = `${t.method} ${t.path}`;
        if (routeKeys.has(key)) throw new Error(`route ${key} is declared twice`);
        routeKeys.add(key);
      } else if (t.type === 'sqs') {
        if (!(t.queue in topo.queues)) throw new Error(`${fn.name} consumes undeclared queue ${t.queue}`);
        if (t.maxConcurrency !== undefined) validateConcurrency(`${fn.name} on ${t.queue}`, t.maxConcurrency);
        const other = consumers.get(t.queue);
        if (other) throw new Error(`queue ${t.queue} has two consumers: ${other} and ${fn.name}`);
        consumers.set(t.queue, fn.name);
      }
      if (t.type === 'schedule' && !SCHEDULE_EXPRESSION.test(t.cron)) {
        throw new Error(`schedule ${t.name}: "${t.cron}" is not a Scheduler expression such as cron(0 8 ? * MON-FRI *)`);
      }
      if ((t.type === 'schedule' || t.type === 'event') && !fn.async) {
        throw new Error(`${fn.name} is invoked asynchronously (${t.name}): declare its retries and event age (async)`);
      }
    }
    for (const q of fn.grants.sendTo ?? []) if (!(q in topo.queues)) throw new Error(`${fn.name} sends to undeclared queue ${q}`);
    for (const q of fn.grants.queueDepths?.deadLetters ?? []) if (!(q in topo.queues)) throw new Error(`${fn.name} reads the DLQ of undeclared queue ${q}`);
  }
}
