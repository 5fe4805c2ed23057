/** `npm run reset`: empties the local data folder (tables, clock offset, signing key). */
import fs from 'node:fs';
import { dataDirFromEnv } from './config';

const dir = dataDirFromEnv();
fs.rmSync(dir, { recursive: true, force: true });
process.stdout.write(`Emptied ${dir}. The next npm start loads the sample plan again.\n`);
