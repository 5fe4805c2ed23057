/**
 * The AwsSolutions checks of cdk-nag against the stack: no finding is left unacknowledged, every
 * acknowledgement matches a real finding and gives a reason, and an unacknowledged finding (error
 * or warning) makes the synth fail.
 */
import { describe, expect, it } from 'vitest';
import * as cdk from 'aws-cdk-lib';
import type { PolicyViolation } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeFindings, acknowledgements, addNagChecks, applyAcknowledgements } from '../../infra/cdk/nag';
import { DondocStack } from '../../infra/cdk/stack';

/** A fresh app and stack. Bundling is skipped (context aws:cdk:bundling-stacks = []): the checks read the construct tree. */
function build(): { app: cdk.App; stack: DondocStack } {
  const app = new cdk.App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new DondocStack(app, 'Test', { env: { region: 'ap-southeast-1' } });
  return { app, stack };
}

/** Every finding as "rule at construct path". */
const findingsOf = (violations: PolicyViolation[]): string[] =>
  violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`)).sort();

describe('cdk-nag AwsSolutions checks', () => {
  it('leaves no finding unacknowledged', () => {
    const { app, stack } = build();
    acknowledgeFindings(stack);
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(findingsOf(report.violations)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges only findings that exist, each with a reason, and IAM5 one wildcard at a time', () => {
    const { app, stack } = build();
    const raw = new AwsSolutionsChecks().validateScope(app).violations;
    expect(raw.length).toBeGreaterThan(0);
    for (const ack of acknowledgements(stack)) {
      expect(ack.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      if (ack.id.startsWith('AwsSolutions-IAM5')) expect(ack.id, 'IAM5 names the wildcard it accepts').toMatch(/\[(Resource|Action)::.+\]$/);
      expect(ack.reason.trim().length, ack.id).toBeGreaterThan(40);
      expect(ack.scopes.length, `${ack.id} applies to some construct`).toBeGreaterThan(0);
      expect(ack.scopes, `${ack.id} is scoped below the stack`).not.toContain(stack);
      const paths = raw.filter((v) => v.ruleName === ack.id).flatMap((v) => v.violatingResources.map((r) => r.constructPath ?? ''));
      for (const scope of ack.scopes) {
        const at = scope.node.path;
        expect(
          paths.some((p) => p === at || p.startsWith(`${at}/`)),
          `${ack.id} at ${at} matches a finding`,
        ).toBe(true);
      }
    }
  });

  it("accepts the functions' wildcard resource only for X-Ray: the table grants name the table and each index they use", () => {
    const { stack } = build();
    const functionRoles = [...stack.functions.values()].flatMap((fn) => (fn.role ? [fn.role.node.path] : []));
    const onFunctions = acknowledgements(stack).filter(
      (a) => a.id.startsWith('AwsSolutions-IAM5') && a.scopes.some((s) => functionRoles.some((r) => s.node.path.startsWith(r))),
    );
    expect(onFunctions.map((a) => a.id)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
  });

  it("accepts the portal upload's wildcards on its own role only: CDK's grants on the assets bucket and the portal bucket", () => {
    const { stack } = build();
    const [role, ...others] = new Set(stack.portalDeployments.map((d) => d.handlerRole));
    expect(others).toEqual([]);
    const onUpload = acknowledgements(stack).filter((a) => a.id.startsWith('AwsSolutions-IAM5') && a.scopes.includes(role!));
    for (const a of onUpload) expect(a.scopes, a.id).toEqual([role]);
    expect(onUpload.map((a) => a.id).sort()).toEqual(
      [
        'AwsSolutions-IAM5[Action::s3:Abort*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(stack.portalBucket.node.defaultChild as cdk.CfnElement)}.Arn>/*]`,
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-ap-southeast-1/*]',
      ].sort(),
    );
  });

  it('acknowledges the TLS policy of the distribution only while it has no domain (and certificate) of its own', () => {
    const ids = (context: Record<string, string>) => {
      const app = new cdk.App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
      const stack = new DondocStack(app, 'Test', { env: { region: 'ap-southeast-1' } });
      acknowledgeFindings(stack);
      expect(findingsOf(new AwsSolutionsChecks().validateScope(app).violations)).toEqual([]);
      return acknowledgements(stack).map((a) => a.id);
    };
    expect(ids({})).toContain('AwsSolutions-CFR4');
    const custom = ids({
      'dondoc:portalDomain': 'dondoc.hanoi.gov.vn',
      'dondoc:portalCertificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/0f3c1a52-7d1e-4c5b-9a2e-2b8f6d4e1a90',
    });
    expect(custom).not.toContain('AwsSolutions-CFR4');
  });

  it('makes the synth fail on an unacknowledged error-level finding', () => {
    const { app, stack } = build();
    applyAcknowledgements(acknowledgements(stack).filter((a) => a.id !== 'AwsSolutions-APIG4'));
    addNagChecks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-APIG4/);
  });

  it('makes the synth fail on an unacknowledged warning-level finding too', () => {
    const { app, stack } = build();
    // AwsSolutions-COG2 (MFA not required) is a warning in the pack.
    expect(new AwsSolutionsChecks().validateScope(app).violations.find((v) => v.ruleName === 'AwsSolutions-COG2')?.severity).toBe('warning');
    applyAcknowledgements(acknowledgements(stack).filter((a) => a.id !== 'AwsSolutions-COG2'));
    addNagChecks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-COG2/);
  });

  it('synthesizes with the checks on once every finding is acknowledged', () => {
    const { app, stack } = build();
    acknowledgeFindings(stack);
    addNagChecks(app);
    expect(() => app.synth()).not.toThrow();
  });
});
