/**
 * CDK entry point (cdk.json: "npx tsx infra/app.ts"). Synthesizes offline: no context lookups, so
 * no AWS credentials are needed until deploy.
 *
 * Context read by the stack (see infra/cdk/stack.ts): `dondoc:portalDomain` with
 * `dondoc:portalCertificateArn` (the portal's own domain and its ACM certificate in us-east-1;
 * default: CloudFront's *.cloudfront.net name), `dondoc:appUrl` (base URL of links in emails,
 * default the portal's URL), `dondoc:cognitoDomainPrefix` (the managed login's domain, default
 * <stack name>-<account>) and `dondoc:mailFrom` (sender address, default dondoc@example.gov.vn; its
 * SES identity is verified out of band), e.g.
 *   npx cdk deploy -c dondoc:portalDomain=dondoc.hanoi.gov.vn -c dondoc:portalCertificateArn=arn:aws:acm:us-east-1:… \
 *     -c dondoc:mailFrom=dondoc@hanoi.gov.vn
 *
 * Synth builds the portal with Vite (infra/cdk/portal.ts) and bundles the functions with esbuild,
 * both locally.
 *
 * Every synth (and so every deploy) runs cdk-nag's AwsSolutions checks: a finding that is neither
 * fixed nor acknowledged with a reason in infra/nag.ts fails it.
 */
import * as cdk from 'aws-cdk-lib';
import { acknowledgeFindings, addNagChecks } from './nag';
import { DondocStack } from './stack';

const app = new cdk.App();

const stack = new DondocStack(app, 'Dondoc', {
  description: "dondoc: tracks Hanoi's programme of action (tasks, deadlines, indicators)",
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-1',
  },
});

acknowledgeFindings(stack);
addNagChecks(app);

app.synth();
