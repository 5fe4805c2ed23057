import { now } from '../../../shared/runtime/clock';
import type { PublicRoute } from '../context';
import { json } from '../http';

/** GET /health: open to anyone, reads nothing. */
export const status: PublicRoute = async () => json(200, { status: 'ok', time: now().toISOString() });
