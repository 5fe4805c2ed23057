/**
 * `npm run digest -- --recipient <leader id> --week <2025-W40> --out <file.html> [--xlsx <file.xlsx>]`
 * writes the digest that leader gets on the Monday of that week, from the running local system
 * (or a deployed table, with TABLE_NAME set).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { digestRecipients, loadDigestData } from '../../shared/digest/input';
import { buildDigest } from '../../shared/digest/model';
import { renderDigest } from '../../shared/digest/render';
import { buildWorkbook } from '../../shared/digest/workbook';
import { explainConnectionError, useTarget } from './target';
import { isoWeekRange } from '../../shared/domain/dates';

const { values } = parseArgs({ options: { recipient: { type: 'string' }, week: { type: 'string' }, out: { type: 'string' }, xlsx: { type: 'string' } } });
if (!values.recipient || !values.week || !values.out) {
  process.stderr.write('usage: npm run digest -- --recipient <leader id, e.g. CT or PCT-1> --week <2025-W40> --out <file.html> [--xlsx <file.xlsx>]\n');
  process.exit(2);
}
const target = useTarget();
try {
  const { start } = isoWeekRange(values.week);
  const { dir, base } = await loadDigestData();
  const recipients = digestRecipients(dir);
  const recipient = recipients.find((r) => r.id === values.recipient);
  if (!recipient) throw new Error(`No leader "${values.recipient}"; the plan has: ${recipients.map((r) => r.id).join(', ')}`);
  const input = { ...base, recipient, week: values.week, today: start };
  const model = buildDigest(input);
  const { subject, html } = renderDigest(model, { link: `http://localhost:3000/digests/preview?recipient=${recipient.id}&week=${values.week}` });
  fs.writeFileSync(values.out, html);
  if (values.xlsx) fs.writeFileSync(values.xlsx, await buildWorkbook(model, input));
  process.stdout.write(`${subject}\nWrote ${values.out}${values.xlsx ? ` and ${values.xlsx}` : ''}.\n`);
} catch (e) {
  process.stderr.write(`${explainConnectionError(e, target)}\n`);
  process.exit(1);
}
