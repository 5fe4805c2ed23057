/**
 * `npm run --silent token -- --agency <code> [--role agency|leader|office|statistics] [--leader <id>]`
 * prints a bearer token for the local API, and nothing else.
 */
import { parseArgs } from 'node:util';
import { dataDirFromEnv } from './config';
import { issueToken, loadOrCreateKeys } from './jwt';
import { type Role } from '../../events/roles';
import { ROLES } from '../../events/roles';

const { values } = parseArgs({
  options: {
    agency: { type: 'string' },
    role: { type: 'string', default: 'agency' },
    leader: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string' },
  },
});
const role = values.role as Role;
const fail = (msg: string) => {
  process.stderr.write(`token: ${msg}\n`);
  process.exit(2);
};
if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
if ((role === 'agency' || role === 'statistics') && !values.agency) fail(`--agency <code> is needed for the ${role} role (e.g. --agency SO-TC)`);
if (values.agency && !/^[A-Z0-9][A-Z0-9-]{0,31}$/.test(values.agency)) fail('--agency takes an agency code such as SO-TC');
const keys = await loadOrCreateKeys(dataDirFromEnv());
const token = await issueToken(keys, {
  role,
  ...(values.agency ? { agency: values.agency } : {}),
  ...(values.leader ? { leader: values.leader } : role === 'leader' ? { leader: 'CT' } : {}),
  ...(values.sub ? { sub: values.sub } : {}),
  ...(values.ttl ? { ttlSeconds: Number(values.ttl) } : {}),
});
process.stdout.write(token + '\n');
