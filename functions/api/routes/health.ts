import { now } from '../../../shared/runtime/clock';
import type { Result } from '../context';
import { json } from '../http';

/** GET /health: open to anyone, reads nothing. */
export const status = async (): Promise<Result> => json(200, { status: 'ok', time: now().toISOString() });
