/**
 * A real S3-compatible server on loopback for tests: s3rver (the S3 REST API over HTTP, objects kept
 * in a temp directory), on a free port, with one bucket. `stop()` closes it (the "store unavailable"
 * case); `restart()` brings it back on the same port and directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { S3BlobStore } from '../../store/blobs-s3';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  port: number;
  /** Where s3rver keeps the objects (its own layout). */
  directory: string;
  /** A store on this server; `stagingDir` is where uploads are staged. */
  store(stagingDir: string, prefix?: string): S3BlobStore;
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestS3(bucket = 'ntm-documents'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'ntm-s3rver-'));
  const make = (port: number) => new S3rver({ address: '127.0.0.1', port, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  let server = make(0);
  const info = (await server.run()) as AddressInfo;
  const port = info.port;
  let running = true;
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!running) return;
    running = false;
    await server.close();
  };
  return {
    endpoint,
    bucket,
    port,
    directory,
    store: (stagingDir, prefix) =>
      new S3BlobStore({
        endpoint,
        bucket,
        region: 'us-east-1',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        forcePathStyle: true,
        stagingDir,
        maxAttempts: 1,
        ...(prefix !== undefined ? { prefix } : {}),
      }),
    stop,
    restart: async () => {
      if (running) return;
      server = make(port);
      await server.run();
      running = true;
    },
    close: async () => {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
