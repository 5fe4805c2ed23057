/**
 * CDK entry point (cdk.json: "npx tsx infra/app.ts"). Synthesizes offline: no context lookups, so
 * no AWS credentials are needed until deploy.
 */
import * as cdk from 'aws-cdk-lib';
import { DondocStack } from './stack';

const app = new cdk.App();

new DondocStack(app, 'Dondoc', {
  description: "dondoc: tracks Hanoi's programme of action (tasks, deadlines, indicators)",
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-1',
  },
});

app.synth();
