import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../infra/config';
import { DatabaseUrlError, parseDatabaseUrl } from '../../prisma/db';

describe('configuration from the environment', () => {
  it('runs on the embedded defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ TEMPORAL_NAMESPACE: 'default', TASK_QUEUE: 'ntm-dossiers', PORT: 3000, TEMPORAL_PORT: 7233 });
    expect(c.TEMPORAL_ADDRESS).toBeUndefined();
    expect(c.DATABASE_URL).toMatch(/^file:.*\.data\/ntm\.db$/);
  });

  it('keeps every piece of embedded data under DATA_DIR, the SQLite file included, unless configured otherwise', () => {
    const c = loadConfig({ DATA_DIR: '/srv/ntm-data' });
    expect(c.DATA_DIR).toBe('/srv/ntm-data');
    expect(c.DATABASE_URL).toBe('file:/srv/ntm-data/ntm.db');
    const rel = loadConfig({ DATA_DIR: 'other-data' });
    expect(rel.DATA_DIR).toBe(resolve('other-data'));
    expect(rel.DATABASE_URL).toBe(`file:${resolve('other-data', 'ntm.db')}`);
    // An explicit DATABASE_URL wins over DATA_DIR.
    expect(loadConfig({ DATA_DIR: '/srv/ntm-data', DATABASE_URL: 'file:/var/lib/ntm.db' }).DATABASE_URL).toBe('file:/var/lib/ntm.db');
    expect(loadConfig({ DATA_DIR: '/srv/ntm-data', DATABASE_URL: '' }).DATABASE_URL).toBe('file:/srv/ntm-data/ntm.db');
  });

  it('points the same engine at any Temporal cluster and PostgreSQL by configuration', () => {
    const c = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.tinh.gov.vn:7233',
      TEMPORAL_NAMESPACE: 'ntm-dien-bien',
      TASK_QUEUE: 'ntm',
      DATABASE_URL: 'postgresql://ntm:secret@db.tinh.gov.vn:5432/ntm',
    });
    expect(c).toMatchObject({ TEMPORAL_ADDRESS: 'temporal.tinh.gov.vn:7233', TEMPORAL_NAMESPACE: 'ntm-dien-bien', TASK_QUEUE: 'ntm' });
    expect(parseDatabaseUrl(c.DATABASE_URL).provider).toBe('postgresql');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['TEMPORAL_ADDRESS', 'no-port-here'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['SMTP_URL', 'http://mail'],
  ])('refuses %s=%s naming the variable, in Vietnamese and English', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(`${name}=${JSON.stringify(value)}`);
    expect(message).toContain('Cấu hình không hợp lệ');
    expect(message).toContain('invalid configuration');
  });

  it('refuses a database URL it cannot use with a message that shows both accepted forms', () => {
    expect(() => parseDatabaseUrl('sqlserver://x')).toThrow(DatabaseUrlError);
    expect(() => parseDatabaseUrl('file:')).toThrow(/file:\.\/\.data\/ntm\.db/);
  });
});
