import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * A small soak (see infra/harness/soak): a week and a half of the workload, run clean and with faults,
 * must end with nothing lost, nothing sent twice and the same final state.
 */
describe('soak (small)', () => {
  it('loses nothing, sends nothing twice and ends in the state of a fault-free run', async () => {
    const args = [
      '--import',
      'tsx',
      'infra/harness/soak/main.ts',
      '--events',
      '150',
      '--days',
      '9',
      '--dup',
      '0.2',
      '--crash',
      '0.05',
      '--throttle',
      '0.05',
      '--lost-response',
      '0.02',
      '--ddb-lost-response',
      '0.03',
      '--ses-late',
      '0.1',
      '--ses-lost',
      '0.05',
      '--seed',
      '7',
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const last = out.trim().split('\n').at(-1) ?? '';
    console.log(
      out
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('only in'))
        .join('\n'),
    );
    const m =
      /^soak: events=150 applied=150 lost=0 emails_expected=(\d+) emails_sent=(\d+) duplicates=0 resent_unknowable=(\d+) unexpected=0 dlq=\d+ state=identical$/.exec(
        last,
      );
    expect(m, `${out}\n${err}`).not.toBeNull();
    // Every email the fault-free run sent, once; and again only where SES's silence made it unknowable.
    expect(Number(m![2])).toBe(Number(m![1]) + Number(m![3]));
    expect(code).toBe(0);
    // The faults were really injected, each kind.
    for (const kind of ['duplicates', 'concurrentDuplicates', 'crashesBefore', 'crashesAfter', 'ddbLostResponses', 'sesEventsLate', 'sesEventsLost'])
      expect(out).toMatch(new RegExp(`injected .*\\b${kind}=[1-9]`));
  }, 300_000);
});
