/**
 * Issue 18: a history written with the payload codec (tests/fixtures/histories/commune-return-zlib.json,
 * `npm run bench -- --only=history --record-history=…`) replays through the project's data converter —
 * with TEMPORAL_PAYLOAD_CODEC=none too (the decoder stays) — and not without it: the replay really reads
 * compressed payloads. The histories written before the codec replay in durability.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporalDataConverter, ZLIB_ENCODING } from '../../app/temporal-codec';
import { quietRuntime, workflowBundle } from '../support/temporal';

const FILE = join(__dirname, '..', 'fixtures', 'histories', 'commune-return-zlib.json');
const history = JSON.parse(readFileSync(FILE, 'utf8')) as { events: unknown[] };
const zlibBase64 = Buffer.from(ZLIB_ENCODING).toString('base64');

beforeAll(() => quietRuntime());

it('is a history of compressed payloads', () => {
  const text = JSON.stringify(history);
  const compressed = text.split(`"encoding":"${zlibBase64}"`).length - 1;
  expect(compressed).toBeGreaterThan(100);
});

it('replays with the data converter of every process, whichever TEMPORAL_PAYLOAD_CODEC writes', async () => {
  const bundle = await workflowBundle();
  await Worker.runReplayHistory({ dataConverter: temporalDataConverter(), workflowBundle: bundle }, history, 'replay-zlib');
  await Worker.runReplayHistory({ dataConverter: temporalDataConverter('none'), workflowBundle: bundle }, history, 'replay-zlib-none');
});

it('does not replay without the codec (a process left without it cannot read these payloads)', async () => {
  const bundle = await workflowBundle();
  // (runReplayHistory without the project's converter, on purpose: the one call the guard test allows.)
  await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, 'replay-zlib-without-codec')).rejects.toThrow();
});
