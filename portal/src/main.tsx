import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { configureApi } from './api';
import { loadDirectory } from './data';
import { CALLBACK, SIGNED_OUT, completeSignIn, currentUser, signIn, signOut, type PortalConfig, type User } from './auth';
import { AgencyTasks } from './pages/agency';
import { CalendarPage } from './pages/calendar';
import { DeliveryPage } from './pages/delivery';
import { Dashboard } from './pages/leader';
import { IndicatorPage, IndicatorsPage } from './pages/indicators';
import { DigestPage, DigestsPage, NotFound, SignedOut } from './pages/other';
import { PlanPage } from './pages/plan';
import { TaskPage } from './pages/task';
import { Link, setNavigator } from './ui';
import './style.css';

const ROLE_VI: Record<User['role'], string> = { agency: 'Cơ quan', leader: 'Lãnh đạo', office: 'Văn phòng UBND', statistics: 'Thống kê' };

/** The page for a path: the same paths as the links in the emails. */
function Page(props: { user: User; path: string; query: URLSearchParams }) {
  const { user, path } = props;
  let m: RegExpExecArray | null;
  if ((m = /^\/tasks\/([^/]+)$/.exec(path))) return <TaskPage user={user} id={decodeURIComponent(m[1]!)} />;
  if ((m = /^\/indicators\/([^/]+)$/.exec(path))) return <IndicatorPage user={user} id={decodeURIComponent(m[1]!)} />;
  if (path === '/indicators') return <IndicatorsPage user={user} />;
  if (path === '/digests/preview') return <DigestPage query={props.query} />;
  if (path === '/digests') return <DigestsPage user={user} query={props.query} />;
  if (path === '/plan') return <PlanPage />;
  if (path === '/delivery') return <DeliveryPage />;
  if (path === '/calendar') return <CalendarPage user={user} query={props.query} />;
  if (path === '/' || path === '/tasks') {
    if (user.role === 'agency') return <AgencyTasks user={user} />;
    if (user.role === 'leader' || user.role === 'office') return <Dashboard user={user} />;
    return <IndicatorsPage user={user} />;
  }
  return <NotFound />;
}

function App(props: { cfg: PortalConfig; user: User }) {
  const [loc, setLoc] = useState({ path: location.pathname, search: location.search });
  useEffect(() => {
    setNavigator((to) => {
      history.pushState(null, '', to);
      setLoc({ path: location.pathname, search: location.search });
      window.scrollTo(0, 0);
    });
    const onPop = () => setLoc({ path: location.pathname, search: location.search });
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  useEffect(() => {
    if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  });
  const u = props.user;
  const [who, setWho] = useState(u.agency ?? u.leader ?? '');
  useEffect(() => {
    // The signed-in person by name: the agency's, or the leader's title and name.
    loadDirectory()
      .then((d) => {
        const leader = d.leaders.find((l) => l.id === u.leader);
        const name =
          u.role === 'leader' ? (leader ? `${leader.title.split('\n')[0]} ${leader.name}` : undefined) : d.items.find((a) => a.code === u.agency)?.name;
        if (name) setWho(name);
      })
      .catch(() => undefined);
  }, [u.agency, u.leader]);
  return (
    <>
      <a class="skip" href="#main">
        Bỏ qua, đến nội dung chính
      </a>
      <header class="top">
        <Link href="/" class="brand">
          Đôn đốc nhiệm vụ
        </Link>
        <nav aria-label="Trang chính">
          <Link href={u.role === 'statistics' ? '/' : '/indicators'}>Chỉ tiêu</Link>
          <Link href="/calendar">Lịch nghỉ</Link>
          {(u.role === 'leader' || u.role === 'office') && <Link href="/digests">Báo cáo tuần</Link>}
          {u.role === 'office' && <Link href="/plan">Kế hoạch</Link>}
        </nav>
        <span class="who">{who || ROLE_VI[u.role]}</span>
        <button type="button" class="link" onClick={() => signOut(props.cfg)}>
          Đăng xuất
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Page user={u} path={loc.path} query={new URLSearchParams(loc.search)} />
      </main>
      <footer>
        <small>Chương trình hành động của UBND Thành phố{props.cfg.environment === 'local' ? ' · bản chạy trên máy cục bộ' : ''}</small>
      </footer>
    </>
  );
}

async function boot() {
  const root = document.getElementById('app')!;
  const cfg = (await (await fetch('/config.json')).json()) as PortalConfig;
  const here = () => location.pathname + location.search + location.hash;
  configureApi(cfg.apiUrl, () => void signIn(cfg, here()));
  if (location.pathname === SIGNED_OUT) {
    render(<SignedOut onSignIn={() => void signIn(cfg, '/', true)} />, root);
    return;
  }
  if (location.pathname === CALLBACK) {
    try {
      const next = await completeSignIn(cfg);
      history.replaceState(null, '', next);
    } catch {
      render(
        <section class="card narrow" role="alert">
          <h1>Chưa đăng nhập được</h1>
          <p>Phiên đăng nhập không hợp lệ hoặc đã hết hạn.</p>
          <button type="button" onClick={() => void signIn(cfg, '/')}>
            Đăng nhập lại
          </button>
        </section>,
        root,
      );
      return;
    }
  }
  const user = currentUser();
  if (!user) return void (await signIn(cfg, here()));
  root.textContent = '';
  render(<App cfg={cfg} user={user} />, root);
}

void boot();
