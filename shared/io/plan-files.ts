import fs from 'node:fs';
import path from 'node:path';
import { PLAN_FILES } from './plan-import';

/**
 * Reads a plan folder: the CSV files named in PLAN_FILES. Missing files are left out so that
 * the importer reports them by name; other files in the folder are ignored.
 */
export function readPlanDir(dir: string): Record<string, string> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`${dir} is not a folder. A plan is a folder holding ${Object.keys(PLAN_FILES).join(', ')}.`);
  }
  const files: Record<string, string> = {};
  for (const name of Object.keys(PLAN_FILES)) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) files[name] = fs.readFileSync(p, 'utf8');
  }
  return files;
}
