import { type JSX, render } from 'preact';
import { useEffect } from 'preact/hooks';
import './console.css';
import { request } from './api';
import { completeSignIn, signIn, signOut } from './auth';
import { graphql } from './gql';
import type { ViewerQuery } from './gql/graphql';
import { navigate, usePath } from './router';
import { AppDetail } from './screens/app-detail';
import { AppsList } from './screens/apps-list';
import { AuditLog } from './screens/audit-log';
import { NewApp } from './screens/new-app';
import { Roles } from './screens/roles';
import { ErrorBox, Link } from './ui';

const Viewer = graphql(`
  query Viewer {
    viewer {
      permissions
      user {
        email
      }
    }
  }
`);

function Screen(props: { path: string }) {
  const detail = /^\/console\/apps\/([0-9a-f-]{36})$/.exec(props.path);
  if (props.path === '/console/apps/new') return <NewApp />;
  if (props.path === '/console/roles') return <Roles />;
  if (props.path === '/console/audit') return <AuditLog />;
  if (detail) return <AppDetail id={detail[1]} key={detail[1]} />;
  return <AppsList />;
}

function NeedsManageSystem() {
  return (
    <section aria-labelledby="denied-title" class="notice">
      <h1 id="denied-title">You need manage_system</h1>
      <p>
        Developer → Apps is for administrators: your account does not hold the <code>manage_system</code> permission. Ask an
        administrator to give it to you (or the admin role), then sign in again.
      </p>
    </section>
  );
}

function Shell(props: { viewer: ViewerQuery['viewer'] }) {
  const path = usePath();
  const allowed = props.viewer.permissions.includes('manage_system');
  useEffect(() => {
    if (path === '/console' || path === '/console/') navigate('/console/apps');
  }, [path]);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Core API · Developer</span>
        <nav aria-label="Console">
          {allowed && (
            <>
              <Link href="/console/apps">Apps</Link>
              <Link href="/console/roles">Roles</Link>
              <Link href="/console/audit">Audit log</Link>
            </>
          )}
        </nav>
        <span class="who">{props.viewer.user?.email}</span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {allowed ? <Screen path={path} /> : <NeedsManageSystem />}
      </main>
    </>
  );
}

function SignedOut() {
  return (
    <main id="main" class="notice">
      <h1>Signed out</h1>
      <p>You are signed out of the developer console.</p>
      <button type="button" class="primary" onClick={() => void signIn()}>
        Sign in
      </button>
    </main>
  );
}

async function start(root: HTMLElement): Promise<void> {
  // Preact renders beside what is there: the page's "Loading…" placeholder goes first.
  const show = (screen: JSX.Element) => {
    root.replaceChildren();
    render(screen, root);
  };
  if (window.location.pathname === '/console/signed-out') {
    show(<SignedOut />);
    return;
  }
  try {
    const returnTo = await completeSignIn();
    if (!returnTo) return;
    window.history.replaceState(null, '', returnTo);
    const { viewer } = await request(Viewer);
    show(<Shell viewer={viewer} />);
  } catch (error) {
    show(
      <main id="main" class="notice">
        <h1>Sign-in failed</h1>
        <ErrorBox error={error} />
        <button type="button" class="primary" onClick={() => void signIn()}>
          Sign in again
        </button>
      </main>,
    );
  }
}

void start(document.getElementById('root') as HTMLElement);
