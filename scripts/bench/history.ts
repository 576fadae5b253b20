/**
 * Issue 18, the workflow's footprint: one commune pipeline on the time-skipping server — self-assessment,
 * submission, the district's reviews, a return, the resubmission, reviews again, approval, forwarding,
 * the province's reviews, council, draft and decision — then its history fetched and measured by what
 * takes the room (scripts/bench/history-size.ts). Target: ≤ 100 KB.
 *
 * The driver acts as the application layer does (app/dossiers.ts): each Update, then the full status
 * when it needs it (here: a Query, which adds nothing to the history).
 */
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { compressPayload, decompressPayload, temporalDataConverter, ZLIB_ENCODING } from '../../app/temporal-codec';
import { createActivities } from '../../activities';
import { getCriteriaSet } from '../../domain/criteria';
import { dossierDeadlines, planDossier, type DossierStatus } from '../../domain/dossier';
import { DIEN_BIEN_UNITS, findUnit, getPipelineConfig } from '../../domain/units';
import { timeSkippingEnv } from '../../tests/support/temporal';
import { actBriefUpdate, DEFAULT_MAINTENANCE, dossierWorkflowId, statusQuery, type DossierWorkflowInput } from '../../workflows/definitions';
import { benchDatabase, bundleFor } from './common';
import { historySize, type HistorySize } from './history-size';
import { actorFor, nextMove, submit, type Act } from './pipeline';
import { must, planFor } from './province';

export const HISTORY_TARGET_BYTES = 100 * 1024;

export interface HistoryResult {
  updates: number;
  stage: string;
  size: HistorySize;
  /** The history as JSON (`historyToJSON`, as kept in tests/fixtures/histories), bytes. */
  jsonBytes: number;
  /** The JSON itself (for recording a kept history). */
  json: string;
  /** The payload codec on this history's payloads (app/temporal-codec.ts): sizes, and the CPU to write and read them all once. */
  codec: CodecCost;
}

export interface CodecCost {
  payloads: number;
  compressed: number;
  /** Payload bytes (protobuf) before the codec / as stored. */
  plainBytes: number;
  storedBytes: number;
  /** Decoding every payload of the history once (a replay reads them all), and encoding them again, ms (best of 5). */
  decodeMs: number;
  encodeMs: number;
}

type IPayload = { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null };
function payloadsOf(o: unknown, out: IPayload[] = []): IPayload[] {
  if (!o || typeof o !== 'object' || o instanceof Uint8Array) return out;
  if (Array.isArray(o)) {
    for (const v of o) payloadsOf(v, out);
    return out;
  }
  const r = o as Record<string, unknown>;
  if (r.metadata && typeof r.metadata === 'object' && 'data' in r) {
    out.push(r as IPayload);
    return out;
  }
  for (const v of Object.values(r)) payloadsOf(v, out);
  return out;
}

/** The codec's cost on a history's payloads (what a replay decodes; what the workers encoded). */
export function codecCost(history: unknown): CodecCost {
  const size = (p: IPayload) => temporal.api.common.v1.Payload.encode(p).finish().length;
  const stored = payloadsOf(history).map((p) => ({ metadata: p.metadata ?? {}, data: p.data ?? new Uint8Array() }));
  const best = (f: () => void) => {
    let min = Infinity;
    for (let i = 0; i < 5; i++) {
      const t = process.hrtime.bigint();
      f();
      min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
    }
    return Math.round(min * 10) / 10;
  };
  const plain = stored.map((p) => decompressPayload(p));
  return {
    payloads: stored.length,
    compressed: stored.filter((p) => Buffer.from(p.metadata.encoding ?? []).toString() === ZLIB_ENCODING).length,
    plainBytes: plain.reduce((s, p) => s + size(p), 0),
    storedBytes: stored.reduce((s, p) => s + size(p), 0),
    decodeMs: best(() => stored.forEach((p) => decompressPayload(p))),
    encodeMs: best(() => plain.forEach((p) => compressPayload(p))),
  };
}

export async function runHistory(o: { log: (line: string) => void; commune?: string }): Promise<HistoryResult> {
  // The project's start of the test server (its own start timeout: the SDK's 5 s fail on a loaded machine).
  const env = await timeSkippingEnv();
  const database = await benchDatabase('sqlite');
  const db = database.db;
  const taskQueue = `history-${randomUUID()}`;
  try {
    const units = DIEN_BIEN_UNITS;
    await db.unit.createMany({ data: units.map((u) => ({ code: u.code, level: u.level, name: u.name, parentCode: u.parentCode })) });
    const unit = findUnit(units, o.commune ?? 'dien-bien/tuan-giao/quai-cang')!;
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
    const dossier = must(
      planDossier({
        unit,
        units,
        title: 'commune.dat-chuan',
        planYear: year,
        set: must(getCriteriaSet('commune-ntm-2021-2025')),
        pipeline: must(getPipelineConfig('three-tier')),
      }),
    );
    const input: DossierWorkflowInput = {
      dossier,
      deadlines: dossierDeadlines(planFor(year, unit.parentCode!), 'commune.dat-chuan'),
      maintenance: DEFAULT_MAINTENANCE,
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      dataConverter: temporalDataConverter(),
      taskQueue,
      workflowBundle: await bundleFor('dossier'),
      activities: createActivities({ db, provider: 'sqlite' }),
    });
    const id = dossierWorkflowId(dossier.dossierId);
    let updates = 0;
    const status = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('dossierWorkflow', { taskQueue, workflowId: id, args: [input] });
      const act: Act = async (actor, command) => {
        updates += 1;
        await handle.executeUpdate(actBriefUpdate, { args: [{ actor, command, reply: 'brief' }] });
        return handle.query(statusQuery);
      };
      let s: DossierStatus = (await submit(act, dossier)).status;
      let returned = false;
      for (let i = 0; i < 500; i++) {
        // One return: at the first approval the district office sends the dossier back instead.
        if (!returned && s.awaiting[0]?.action === 'level.approved') {
          returned = true;
          const criterion = dossier.criteria[0]!;
          s = await act(actorFor(s.awaiting[0]), { type: 'level.returned', reasons: [{ criterion, reason: 'Bổ sung minh chứng' }], documents: [] });
          continue;
        }
        const move = nextMove(s, dossier, `${year}-11-29`);
        if (!move) break;
        s = await act(move.actor, move.command);
      }
      if (!returned) throw new Error('the pipeline never reached an approval to return');
      return s;
    });
    const history = await env.client.workflow.getHandle(id).fetchHistory();
    const json = historyToJSON(history as never);
    const size = historySize(history);
    const codec = codecCost(history);
    o.log(
      `history: codec ${codec.compressed}/${codec.payloads} payloads compressed, ${(codec.plainBytes / 1024).toFixed(1)} → ${(codec.storedBytes / 1024).toFixed(1)} KB; CPU for all: decode ${codec.decodeMs} ms, encode ${codec.encodeMs} ms`,
    );
    o.log(
      `history: ${updates} updates, stage ${status.stage}, ${size.events} events, ${Math.round(size.bytes / 1024)} KB (JSON ${Math.round(json.length / 1024)} KB)`,
    );
    return { updates, stage: status.stage, size, jsonBytes: Buffer.byteLength(json), json, codec };
  } finally {
    await env.teardown();
    await database.drop();
  }
}
