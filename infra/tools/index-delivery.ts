/**
 * `npm run index:delivery`: lists on the city office's delivery page the failed and suppressed
 * emails and the suppressed addresses written before the page existed (see delivery-index.ts).
 * On the local system started by `npm start`, or on a deployed stack when TABLE_NAME is set
 * (with the usual AWS credentials).
 */
import { indexDelivery } from './delivery-index';
import { explainConnectionError, useTarget } from './target';

const target = useTarget();
try {
  const counts = await indexDelivery();
  process.stdout.write(`${counts.scanned} item(s) scanned: ${counts.emails} email(s) and ${counts.addresses} address(es) added to the delivery page\n`);
} catch (e) {
  process.stderr.write(`${explainConnectionError(e, target)}\n`);
  process.exit(1);
}
