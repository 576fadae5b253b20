/**
 * The document store's configuration (infra/config.ts): fs by default, S3 by DOCUMENT_STORE=s3 with its
 * S3_* variables, and a bad or missing value refused with one bilingual line naming the variable.
 */
import { documentStore, loadConfig } from '../../infra/config';
import { openBlobStore, S3BlobStore } from '../../store/blobs-s3';
import { FsBlobStore } from '../../store/blobs';

describe('document store configuration', () => {
  it('keeps documents under <DATA_DIR>/documents by default', () => {
    const c = documentStore(loadConfig({ DATA_DIR: '/srv/ntm' }));
    expect(c).toEqual({ kind: 'fs', root: '/srv/ntm/documents' });
    expect(openBlobStore(c)).toBeInstanceOf(FsBlobStore);
  });

  it('reads the S3 settings when DOCUMENT_STORE=s3', () => {
    const c = documentStore(
      loadConfig({
        DATA_DIR: '/srv/ntm',
        DOCUMENT_STORE: 's3',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_BUCKET: 'ntm-ho-so',
        S3_REGION: 'ap-southeast-1',
        S3_ACCESS_KEY_ID: 'AK',
        S3_SECRET_ACCESS_KEY: 'SK',
        S3_FORCE_PATH_STYLE: 'true',
      }),
    );
    expect(c).toEqual({
      kind: 's3',
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'ntm-ho-so',
      region: 'ap-southeast-1',
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
      forcePathStyle: true,
      prefix: 'documents/',
      stagingDir: '/srv/ntm/documents-staging',
    });
    const store = openBlobStore(c);
    expect(store).toBeInstanceOf(S3BlobStore);
    expect(store.locate('ab'.padEnd(64, '0'))).toBe(`s3://ntm-ho-so/documents/ab/${''.padEnd(62, '0')}`);
  });

  it.each([
    [{ DOCUMENT_STORE: 's3' }, 'S3_BUCKET', 'cần khi DOCUMENT_STORE=s3 / required when DOCUMENT_STORE=s3'],
    [{ DOCUMENT_STORE: 'minio' }, 'DOCUMENT_STORE', 'fs hoặc/or s3'],
    [{ DOCUMENT_STORE: 's3', S3_BUCKET: 'Bad_Bucket' }, 'S3_BUCKET', 'an S3 bucket name'],
    [{ DOCUMENT_STORE: 's3', S3_BUCKET: 'ntm', S3_ENDPOINT: 'localhost:9000' }, 'S3_ENDPOINT', 'an http(s)://… address'],
    [{ DOCUMENT_STORE: 's3', S3_BUCKET: 'ntm', S3_ACCESS_KEY_ID: 'AK' }, 'S3_SECRET_ACCESS_KEY', 'go together'],
    [{ DOCUMENT_STORE: 's3', S3_BUCKET: 'ntm', S3_FORCE_PATH_STYLE: 'yes' }, 'S3_FORCE_PATH_STYLE', 'true hoặc/or false'],
  ])('refuses %j naming %s', (env, name, message) => {
    let thrown: Error | undefined;
    try {
      loadConfig({ DATA_DIR: '/srv/ntm', ...env });
    } catch (e) {
      thrown = e as Error;
    }
    expect(thrown?.message).toMatch(/^Cấu hình không hợp lệ \/ invalid configuration:/);
    const line = thrown!.message.split('\n').find((l) => l.trim().startsWith(`${name}=`));
    expect(line).toContain(message);
  });
});
