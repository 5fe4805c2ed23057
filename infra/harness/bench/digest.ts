/**
 * `npm run bench:digest`: how long the Monday digest takes for a plan of 10,000 tasks.
 *
 * Seeds DynamoDB Local with 10,000 tasks (the sample plan's agencies, leaders and indicators),
 * then times (a) building one digest in memory (model, HTML, XLSX) for the chair, who sees every
 * task, and (b) the whole digest function: reading all tasks and building, storing and queueing
 * one digest per leader. The function's timeout is 300 s.
 */
import { performance } from 'node:perf_hooks';
import { SAMPLE_PLAN_DIR } from '../../emulator/config';
import { ensureTable } from '../../emulator/resources';
import { resetClients } from '../../../shared/runtime/clients';
import { savePlan } from '../../../shared/data/plan-directory';
import { digestRecipients, loadDigestData } from '../../../shared/digest/input';
import { buildDigest } from '../../../shared/digest/model';
import { renderDigest } from '../../../shared/digest/render';
import { buildWorkbook } from '../../../shared/digest/workbook';
import { parsePlan } from '../../../shared/io/plan-import';
import { readPlanDir } from '../../../shared/io/plan-files';
import { functions } from '../../topology';
import { printTable, seed, startBenchStores } from './seed';

const N = Number(process.argv[2] ?? 10_000);
const MONDAY = '2025-10-20';
const bench = await startBenchStores(MONDAY);
try {
  process.env.TABLE_NAME = 'bench-digest';
  resetClients();
  await ensureTable(bench.raw, 'bench-digest');
  await savePlan({ ...parsePlan(readPlanDir(SAMPLE_PLAN_DIR)), tasks: [] }, MONDAY, {
    actor: { sub: 'bench', role: 'system' },
    at: `${MONDAY}T00:00:00Z`,
    requestId: 'bench',
  });
  await seed('bench-digest', N, 500);

  const l0 = performance.now();
  const { dir, base } = await loadDigestData();
  const loadMs = performance.now() - l0;
  const chair = digestRecipients(dir).find((r) => r.role === 'chair')!;
  const input = { ...base, recipient: chair, week: '2025-W43', today: MONDAY };
  const b0 = performance.now();
  const model = buildDigest(input);
  const modelMs = performance.now() - b0;
  const r0 = performance.now();
  const { html } = renderDigest(model, { link: 'http://localhost:3000' });
  const renderMs = performance.now() - r0;
  const x0 = performance.now();
  const xlsx = await buildWorkbook(model, input);
  const xlsxMs = performance.now() - x0;

  const { run } = await import('../../../functions/digest/handler');
  const f0 = performance.now();
  const result = await run(`${MONDAY}T01:00:00Z`);
  const runMs = performance.now() - f0;
  const timeout = functions.find((f) => f.name === 'digest')!.timeoutSeconds;

  const ms = (n: number) => `${Math.round(n)} ms`;
  printTable(
    `bench:digest — ${N.toLocaleString('en')} tasks, DynamoDB Local`,
    ['step', 'time', 'size'],
    [
      ['read all tasks and indicators', ms(loadMs), `${base.tasks.length} tasks`],
      ["build the chair's digest model", ms(modelMs), ''],
      ['render HTML + text', ms(renderMs), `${Math.round(html.length / 1024)} KB HTML`],
      ['build the XLSX workbook', ms(xlsxMs), `${Math.round(xlsx.length / 1024)} KB`],
      [`whole digest run (${result.recipients} leaders)`, ms(runMs), `${result.queued} queued; timeout ${timeout} s`],
    ],
  );
} finally {
  await bench.stop();
}
