import { ConfigError, loadConfig } from '../../infra/config';
import { DatabaseUrlError, parseDatabaseUrl } from '../../prisma/db';

describe('configuration from the environment', () => {
  it('runs on the embedded defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ TEMPORAL_NAMESPACE: 'default', TASK_QUEUE: 'ntm-dossiers', PORT: 3000, TEMPORAL_PORT: 7233 });
    expect(c.TEMPORAL_ADDRESS).toBeUndefined();
    expect(c.DATABASE_URL).toMatch(/^file:.*\.data\/ntm\.db$/);
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
