/**
 * CDK entry point (cdk.json: "npx tsx infra/app.ts"). Synthesizes offline: no context lookups, so
 * no AWS credentials are needed until deploy.
 *
 * Context read by the stack (see infra/stack.ts): `dondoc:appUrl` (base URL of links in emails,
 * default https://dondoc.example.gov.vn) and `dondoc:mailFrom` (sender address, default
 * dondoc@example.gov.vn; its SES identity is verified out of band), e.g.
 *   npx cdk deploy -c dondoc:appUrl=https://dondoc.hanoi.gov.vn -c dondoc:mailFrom=dondoc@hanoi.gov.vn
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
