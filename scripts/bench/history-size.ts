/**
 * The size of a workflow history (issue 18), broken down by what takes the room: activity inputs and
 * results (by activity type), Update inputs and results, markers (patches), timers, workflow tasks, the
 * rest. Sizes are those of the protobuf events the server stores (`History.encode`), payload bytes
 * included — the figure the server's history size limit counts.
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';

type IHistory = temporal.api.history.v1.IHistory;
type IEvent = temporal.api.history.v1.IHistoryEvent;

export interface HistorySize {
  events: number;
  /** The whole history, protobuf-encoded. */
  bytes: number;
  /** Bytes by category: activityInputs, activityResults, updateInputs, updateResults, markers, timers, workflowTasks, workflow (start, end, continue-as-new), other. */
  byCategory: Record<string, number>;
  /** Activity input and result bytes by activity type, e.g. `verifyCriteria`; local activities as `recordTransition (local)` (their marker counted as the result: no input is stored). */
  byActivity: Record<string, { calls: number; inputBytes: number; resultBytes: number }>;
  /** Bytes by event type, e.g. `ActivityTaskScheduled`. */
  byEventType: Record<string, number>;
}

function eventType(e: IEvent): string {
  const key = Object.keys(e).find((k) => k.endsWith('EventAttributes') && (e as Record<string, unknown>)[k]);
  return key ? key.replace(/EventAttributes$/, '').replace(/^./, (c) => c.toUpperCase()) : String(e.eventType);
}

function category(type: string): string {
  if (type === 'ActivityTaskScheduled') return 'activityInputs';
  if (type === 'ActivityTaskCompleted') return 'activityResults';
  if (type.startsWith('ActivityTask')) return 'activityOther';
  if (type === 'WorkflowExecutionUpdateAccepted' || type === 'WorkflowExecutionUpdateAdmitted') return 'updateInputs';
  if (type === 'WorkflowExecutionUpdateCompleted') return 'updateResults';
  if (type === 'MarkerRecorded') return 'markers';
  if (type.startsWith('Timer')) return 'timers';
  if (type.startsWith('WorkflowTask')) return 'workflowTasks';
  if (type.startsWith('WorkflowExecution')) return 'workflow';
  return 'other';
}

/** A history as fetched (`handle.fetchHistory()`) or as kept in JSON (tests/fixtures/histories). */
export function historySize(h: IHistory | string): HistorySize {
  const history = typeof h === 'string' ? historyFromJSON(JSON.parse(h)) : h;
  const events = history.events ?? [];
  const byCategory: Record<string, number> = {};
  const byEventType: Record<string, number> = {};
  const byActivity: HistorySize['byActivity'] = {};
  const scheduled = new Map<string, string>(); // scheduled event id → activity type
  for (const e of events) {
    const type = eventType(e);
    const size = temporal.api.history.v1.HistoryEvent.encode(e).finish().length;
    byEventType[type] = (byEventType[type] ?? 0) + size;
    const cat = category(type);
    byCategory[cat] = (byCategory[cat] ?? 0) + size;
    if (type === 'ActivityTaskScheduled') {
      const name = e.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
      scheduled.set(String(e.eventId), name);
      const a = (byActivity[name] ??= { calls: 0, inputBytes: 0, resultBytes: 0 });
      a.calls += 1;
      a.inputBytes += size;
    } else if (type === 'MarkerRecorded' && e.markerRecordedEventAttributes?.markerName === 'core_local_activity') {
      // A local activity leaves one marker: its metadata (JSON, under `data`) and its result.
      const meta = e.markerRecordedEventAttributes.details?.data?.payloads?.[0]?.data;
      const name = meta ? ((JSON.parse(Buffer.from(meta).toString('utf8')) as { activity_type?: string }).activity_type ?? '?') : '?';
      const a = (byActivity[`${name} (local)`] ??= { calls: 0, inputBytes: 0, resultBytes: 0 });
      a.calls += 1;
      a.resultBytes += size;
    } else if (type === 'ActivityTaskCompleted') {
      const name = scheduled.get(String(e.activityTaskCompletedEventAttributes?.scheduledEventId)) ?? '?';
      const a = (byActivity[name] ??= { calls: 0, inputBytes: 0, resultBytes: 0 });
      a.resultBytes += size;
    }
  }
  const bytes = temporal.api.history.v1.History.encode(history).finish().length;
  return { events: events.length, bytes, byCategory, byActivity, byEventType };
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

/** Lines for a report: the total, then each category and activity type, largest first. */
export function describeHistorySize(s: HistorySize): string[] {
  const sorted = (o: Record<string, number>) => Object.entries(o).sort((a, b) => b[1] - a[1]);
  return [
    `${s.events} events, ${kb(s.bytes)}`,
    ...sorted(s.byCategory).map(([k, v]) => `  ${k}: ${kb(v)}`),
    ...Object.entries(s.byActivity)
      .sort((a, b) => b[1].inputBytes + b[1].resultBytes - (a[1].inputBytes + a[1].resultBytes))
      .map(([k, v]) => `  activity ${k}: ${v.calls} calls, inputs ${kb(v.inputBytes)}, results ${kb(v.resultBytes)}`),
  ];
}
