/**
 * Issue 13: the histories kept in tests/fixtures/histories (recorded before the notices work) replay
 * without nondeterminism on the current workflow code: the new reminder texts and notices on events
 * sit behind patched('notices-reminder-facts') / patched('notices-on-events').
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporalDataConverter } from '../../app/temporal-codec';
import { workflowBundle } from '../support/temporal';

const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');

it('replays every kept history on the current code', async () => {
  const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
  expect(files.length).toBeGreaterThanOrEqual(2);
  const bundle = await workflowBundle();
  for (const f of files) {
    await Worker.runReplayHistory(
      { dataConverter: temporalDataConverter(), workflowBundle: bundle },
      JSON.parse(readFileSync(join(HISTORIES, f), 'utf8')),
      `replay-${f}`,
    );
  }
}, 600_000);
