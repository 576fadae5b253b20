import { promises as fs } from 'node:fs';
import { Client } from 'pg';
import { createDatabase, dropDatabase, startLocalPostgres } from '../../infra/postgres';
import { isPortListening } from '../../infra/temporal-dev-server';

jest.setTimeout(120_000);

test('startLocalPostgres gives a loopback URL that pg connects to, and stop() removes the server and its files', async () => {
  const pg = await startLocalPostgres();
  let stopped = false;
  try {
    const url = new URL(pg.url);
    expect(url.protocol).toBe('postgresql:');
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toBe('/ntm_test');

    const client = new Client({ connectionString: pg.url });
    await client.connect();
    const row = (
      await client.query<{ db: string; who: string; addr: string }>('SELECT current_database() AS db, current_user AS who, inet_server_addr()::text AS addr')
    ).rows[0];
    await client.end();
    expect(row).toEqual({ db: 'ntm_test', who: 'ntm', addr: '127.0.0.1/32' });

    // A database per test file.
    const other = await createDatabase(pg.url, 'ntm_infra_other');
    const c2 = new Client({ connectionString: other });
    await c2.connect();
    await c2.query('CREATE TABLE t (id int primary key)');
    await c2.query('INSERT INTO t VALUES (1)');
    expect((await c2.query('SELECT count(*)::int AS n FROM t')).rows[0]).toEqual({ n: 1 });
    await c2.end();

    // A wrong password is refused: the server really authenticates.
    const bad = new Client({ connectionString: pg.url.replace(':ntm@', ':wrong@') });
    await expect(bad.connect()).rejects.toThrow(/password authentication failed/);

    await pg.stop();
    stopped = true;
    expect(await isPortListening(pg.port)).toBe(false);
    await expect(fs.stat(pg.dataDir)).rejects.toThrow();
  } finally {
    if (!stopped) await pg.stop();
  }
});

test('a kept data folder survives stop() and is reused by the next start', async () => {
  const dataDir = await fs.mkdtemp('/tmp/ntm-pg-keep-');
  try {
    const first = await startLocalPostgres({ dataDir });
    const c = new Client({ connectionString: first.url });
    await c.connect();
    await c.query('CREATE TABLE kept (v text)');
    await c.query("INSERT INTO kept VALUES ('còn đây')");
    await c.end();
    await first.stop();

    const second = await startLocalPostgres({ dataDir });
    try {
      const c2 = new Client({ connectionString: second.url });
      await c2.connect();
      expect((await c2.query('SELECT v FROM kept')).rows).toEqual([{ v: 'còn đây' }]);
      await c2.end();
    } finally {
      await second.stop();
    }
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
});

test('a scratch database is dropped even while a process of another role is on it (PostgreSQL refuses FORCE to a non-superuser then)', async () => {
  const pg = await startLocalPostgres();
  try {
    const url = await createDatabase(pg.url, 'ntm_infra_busy');
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query("CREATE ROLE visitor LOGIN PASSWORD 'visitor'");
    const visitorUrl = new URL(url);
    visitorUrl.username = 'visitor';
    visitorUrl.password = 'visitor';
    const visitor = new Client({ connectionString: visitorUrl.toString() });
    await visitor.connect();
    const own = new Client({ connectionString: url });
    await own.connect();
    own.on('error', () => {}); // ended by the drop, as intended
    // What CI met: `ntm` is not a superuser, and FORCE will not end another role's process.
    await expect(admin.query('DROP DATABASE ntm_infra_busy WITH (FORCE)')).rejects.toMatchObject({ code: '42501' });

    // The other process goes away soon (as an autovacuum worker does when DROP asks it to).
    const leaving = new Promise<void>((resolve) => setTimeout(() => void visitor.end().then(resolve), 700));
    await dropDatabase(pg.url, 'ntm_infra_busy');
    await leaving;
    const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', ['ntm_infra_busy']);
    expect(left.rowCount).toBe(0);
    await admin.end();
  } finally {
    await pg.stop();
  }
});
