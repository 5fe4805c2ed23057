/**
 * The portal in AWS: its Vite build (the same one the local emulator serves, infra/emulator/portal.ts)
 * as a CDK asset, and the settings that CloudFront and Cognito take from it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as cdk from 'aws-cdk-lib';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The portal's sources (Vite + Preact). */
const PORTAL_DIR = path.join(REPO_ROOT, 'portal');
const VITE_CLI = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

/**
 * The portal's build, made by Vite when the stack synthesizes (`npm run synth`, `cdk deploy`): no
 * network, no Docker, no step to remember. It runs with the same root and config file as the
 * emulator's build. Tests that skip bundling (context aws:cdk:bundling-stacks = []) skip it too.
 * The asset's hash is the build's output, so a deploy uploads the portal again only when the built
 * files change (a dependency bump included), not when an unrelated file of portal/ does.
 */
export function portalBuild(): s3deploy.ISource {
  return s3deploy.Source.asset(PORTAL_DIR, {
    assetHashType: cdk.AssetHashType.OUTPUT,
    bundling: {
      // Never used: the local build below always runs, and fails the synth if Vite fails.
      image: cdk.DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim'),
      local: {
        tryBundle(outputDir: string): boolean {
          execFileSync(
            process.execPath,
            [VITE_CLI, 'build', PORTAL_DIR, '--config', path.join(PORTAL_DIR, 'vite.config.ts'), '--outDir', outputDir, '--emptyOutDir', '--logLevel', 'warn'],
            { stdio: ['ignore', 'inherit', 'inherit'] },
          );
          if (!fs.existsSync(path.join(outputDir, 'index.html'))) throw new Error(`the portal's build has no index.html (in ${outputDir})`);
          return true;
        },
      },
    },
  });
}
