import { loadDirectory } from '../../../shared/data/plan-directory';
import { supervisorOf } from '../../../shared/domain/plan';
import type { Route } from '../context';
import { json } from '../http';

/** GET /agencies: every agency of the plan, with the leader who supervises its field; and the leaders. */
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
  const leaders = dir.leaders.map((l) => ({ id: l.id, role: l.role, name: l.name, title: l.title, fields: l.fields }));
  return json(200, { items, leaders });
};
