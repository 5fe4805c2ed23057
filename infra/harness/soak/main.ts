/**
 * `npm run soak -- --events N --dup P --crash P --throttle P [--lost-response P] [--ddb-lost-response P]
 *   [--ses-late P] [--ses-lost P] [--seed S]`
 *
 * Drives the local runtime through a simulated quarter (task updates, indicator values, the daily
 * deadline and indicator runs, the Monday digests) twice with the same seed, side by side: once
 * as a reference without faults, once with duplicate deliveries, crashes around side effects and
 * throttling injected. Then compares the final state and the mail SES accepted, and ends with
 * one line: soak: events=… applied=… lost=… emails_expected=… emails_sent=… duplicates=… resent_unknowable=… unexpected=… dlq=… state=identical|different
 * Exits 1 unless nothing was lost or sent twice and the state is identical.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compare, soakLine, soakPassed, type PassResult } from './compare';
import { FAULT_FLAGS, faultOptions, ratesFrom } from './faults';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000' },
    ...faultOptions((f) => f.soakDefault),
    seed: { type: 'string', default: '1' },
    days: { type: 'string', default: '91' },
    /** Keep both passes' results and logs (their folder is printed). */
    keep: { type: 'boolean', default: false },
  },
});
const rates = ratesFrom(values);
if ('bad' in rates) {
  process.stderr.write(`soak: --${rates.bad} takes a probability from 0 to below 1 (got ${String(rates.value)})\n`);
  process.exit(2);
}
if (!(Number(values.events) >= 10)) {
  process.stderr.write(`soak: --events takes a number of at least 10 (got ${values.events})\n`);
  process.exit(2);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-soak-'));
const pass = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pass.ts');
const common = ['--events', values.events!, '--seed', values.seed!, '--days', values.days!];

/** Runs a pass in its own process (its own stand-ins); its logs go to a file, its progress here. */
function run(name: string, args: string[]): Promise<PassResult> {
  const out = path.join(work, `${name}.json`);
  const logFile = path.join(work, `${name}.log`);
  const log = fs.openSync(logFile, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', pass, ...common, ...args, '--out', out], { stdio: ['ignore', log, log, 'ipc'] });
    child.on('message', (m) => process.stderr.write(`[${name}] ${String(m)}\n`));
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.closeSync(log);
      if (code === 0) return resolve(JSON.parse(fs.readFileSync(out, 'utf8')) as PassResult);
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      reject(new Error(`the ${name} pass failed (exit ${code}); the end of its log:\n${tail}`));
    });
  });
}

try {
  const started = performance.now();
  const [reference, faulty] = await Promise.all([
    run('reference', []),
    run('faults', ['--faults', ...Object.values(FAULT_FLAGS).flatMap((f) => [`--${f.flag}`, String((values as Record<string, unknown>)[f.flag])])]),
  ]);
  const s = compare(reference, faulty);
  const out = process.stdout;
  out.write(`reference: ${reference.events} events, ${reference.applied} applied, ${Object.keys(reference.emails).length} emails, ${reference.seconds} s\n`);
  out.write(
    `with faults: ${faulty.seconds} s; injected ${Object.entries(faulty.faults)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}\n`,
  );
  for (const d of faulty.dlq) {
    const first = d.messages[0];
    out.write(
      `DLQ ${d.queue} on ${d.date}: ${d.count} message(s) whose receives all failed under the injected faults (a crash fails its whole batch); redriven that day. First (${first?.receiveCount ?? 0} receives): ${first?.body.slice(0, 160) ?? ''}\n`,
    );
  }
  for (const k of s.missingEmails) out.write(`email never sent: ${k}\n`);
  for (const k of s.unexpectedEmails) out.write(`email sent only with faults: ${k}\n`);
  for (const k of s.duplicateEmails) out.write(`email sent more than once: ${k} (${faulty.emails[k]} times)\n`);
  for (const d of s.differences) out.write(`only in the ${d.only === 'reference' ? 'reference' : 'run with faults'}: ${d.item.slice(0, 400)}\n`);
  out.write(`wall time ${Math.round((performance.now() - started) / 1000)} s\n`);
  out.write(soakLine(s) + '\n');
  process.exitCode = soakPassed(s) ? 0 : 1;
} catch (e) {
  process.stderr.write(`soak: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  if (values.keep) process.stderr.write(`soak: results and logs kept in ${work}\n`);
  else fs.rmSync(work, { recursive: true, force: true });
}
