/**
 * Issue 18: past patch '18-local-record' the dossier workflow records each transition with a local
 * activity (a marker in the history, no activity task on the server). The kept history
 * tests/fixtures/histories/commune-local-record.json (`npm run bench -- --only=history
 * --record-history=…`) is such a pipeline: this test holds it to that shape and replays it; the histories
 * written before the patch (recordTransition as a server activity) replay in durability.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporalDataConverter } from '../../app/temporal-codec';
import { quietRuntime, workflowBundle } from '../support/temporal';

interface Event {
  eventType: string;
  markerRecordedEventAttributes?: { markerName: string; details?: Record<string, { payloads?: { data?: string }[] }> };
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string } };
}

const FILE = join(__dirname, '..', 'fixtures', 'histories', 'commune-local-record.json');
const history = JSON.parse(readFileSync(FILE, 'utf8')) as { events: Event[] };

const decode = (b64: string | undefined): unknown => (b64 ? JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) : undefined);

beforeAll(() => quietRuntime());

it('records every transition with a local activity, none as a server activity', () => {
  const markers = history.events.filter((e) => e.eventType === 'EVENT_TYPE_MARKER_RECORDED').map((e) => e.markerRecordedEventAttributes!);
  const patches = markers.filter((m) => m.markerName === 'core_patch').map((m) => decode(m.details?.['patch-data']?.payloads?.[0]?.data) as { id?: string });
  expect(patches.map((p) => p.id)).toContain('18-local-record');
  const local = markers
    .filter((m) => m.markerName === 'core_local_activity')
    .map((m) => (decode(m.details?.data?.payloads?.[0]?.data) as { activity_type?: string }).activity_type);
  // A pipeline to recognition: ≥ 40 accepted events, each recorded once.
  expect(local.length).toBeGreaterThanOrEqual(40);
  expect(new Set(local)).toEqual(new Set(['recordTransition']));
  const scheduled = history.events.filter((e) => e.activityTaskScheduledEventAttributes).map((e) => e.activityTaskScheduledEventAttributes!.activityType?.name);
  expect(scheduled).not.toContain('recordTransition');
  expect(scheduled).toContain('registerDossier');
});

it('replays without nondeterminism', async () => {
  await Worker.runReplayHistory({ dataConverter: temporalDataConverter(), workflowBundle: await workflowBundle() }, history, 'replay-local-record');
});
