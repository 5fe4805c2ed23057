import { loadDirectory } from '../../../shared/data/plan-directory';
import { supervisorOf } from '../../../shared/domain/plan';
import type { Route } from '../context';
import { json } from '../http';

/** GET /agencies: every agency of the plan, with the leader who supervises its field. */
export const list: Route = async () => {
  const dir = await loadDirectory();
  const items = dir.agencies.map((a) => ({
    code: a.code,
    name: a.name,
    kind: a.kind,
    field: a.field,
    emails: a.emails,
    supervisor: supervisorOf(dir.leaders, a.field)?.id,
  }));
  return json(200, { items });
};
