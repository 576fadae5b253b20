/**
 * fast-check generators of bad input for the dossier Update and the action route: junk of any shape,
 * well-formed commands with one field of the wrong type, commands from people outside the jurisdiction,
 * and well-formed commands the dossier cannot take at its stage. None of them may be accepted.
 */
import fc from 'fast-check';
import type { Actor } from '../../domain/dossier';

/** Runs per property: `ci` by default, `long` with NTM_LONG_FUZZ=1, or exactly NTM_FUZZ_RUNS. */
export const numRuns = (ci: number, long: number): number =>
  process.env.NTM_FUZZ_RUNS ? Number(process.env.NTM_FUZZ_RUNS) : process.env.NTM_LONG_FUZZ === '1' ? long : ci;

/** Valid commands of every type (valid shapes; whether the stage takes them is another matter). */
export function sampleCommands(criterion: string): Record<string, Record<string, unknown>> {
  const decision = { number: '12/QĐ-UBND', date: '2027-11-29', signer: 'Chủ tịch', outcome: 'recognised', reasons: [] };
  return {
    'self_assessment.recorded': { type: 'self_assessment.recorded', criterion, met: true, indicatorValues: {}, evidence: [] },
    'consultation.recorded': { type: 'consultation.recorded', participants: 100, satisfactionPct: 90, evidence: [] },
    'commune.submitted': { type: 'commune.submitted', documents: [] },
    'criterion.reviewed': { type: 'criterion.reviewed', criterion, verdict: 'met', documents: [] },
    'level.returned': { type: 'level.returned', reasons: [{ criterion, reason: 'Thiếu hồ sơ' }], documents: [] },
    'commune.resubmitted': { type: 'commune.resubmitted', documents: [] },
    'level.approved': { type: 'level.approved', documents: [] },
    'level.forwarded': { type: 'level.forwarded', documents: [] },
    'council.voted': { type: 'council.voted', members: [{ id: 'a', name: 'A' }], inFavour: 1, against: 0, abstained: 0, documents: [] },
    'decision.drafted': { type: 'decision.drafted', ...decision },
    'level.decided': { type: 'level.decided', ...decision, documents: [] },
    'maintenance.assessed': { type: 'maintenance.assessed', flagged: false, reasons: [], documents: [] },
    'recognition.revoked': { type: 'recognition.revoked', number: '1/QĐ', date: '2027-12-01', signer: 'Chủ tịch', reasons: ['x'], documents: [] },
  };
}

/** A value of the wrong type for a field (never a string where a string is wanted, and so on). */
function wrongFor(value: unknown): fc.Arbitrary<unknown> {
  const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
  const notNumber = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 }), fc.constant('NaN'));
  const notArray = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.constant(null),
    fc.object({ maxDepth: 1 }).filter((o) => !Array.isArray(o)),
  );
  if (typeof value === 'string') return notString;
  if (typeof value === 'number') return notNumber;
  if (typeof value === 'boolean') return fc.oneof(fc.string(), fc.integer(), fc.constant(null));
  if (Array.isArray(value)) return notArray;
  return fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }));
}

/** A valid command with one field replaced by a value of the wrong type (or a "type" the schema does not know). */
export function corruptedCommand(criterion: string): fc.Arbitrary<unknown> {
  const samples = Object.values(sampleCommands(criterion));
  return fc.constantFrom(...samples).chain((cmd) => {
    const keys = Object.keys(cmd);
    return fc.constantFrom(...keys).chain((k) =>
      (k === 'type'
        ? fc.oneof(
            fc.string().filter((s) => !(s in sampleCommands(criterion))),
            fc.integer(),
            fc.constant(null),
          )
        : wrongFor(cmd[k])
      ).map((v) => ({ ...cmd, [k]: v })),
    );
  });
}

/** Anything at all: the whole request is junk. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string(),
  fc.constant(null),
  fc.constant(undefined),
);

/** People of units that do not exist in this dossier's tree (unit codes outside "dien-bien"). */
export const outsider: fc.Arbitrary<Actor> = fc
  .record({
    id: fc.string({ minLength: 1, maxLength: 20 }),
    role: fc.constantFrom(
      'commune_official',
      'district_office',
      'district_specialist',
      'district_chair',
      'provincial_office',
      'provincial_chair',
      'provincial_specialist',
    ),
    unitCode: fc.stringMatching(/^[a-z]{1,8}(\/[a-z-]{1,8}){0,2}$/).map((u) => `khac-${u}`),
    department: fc.constantFrom('TN_MT', 'KT_HT', 'NN_PTNT', 'VH_TT'),
  })
  .map((a) => (a.role.endsWith('specialist') ? a : { id: a.id, role: a.role, unitCode: a.unitCode })) as fc.Arbitrary<Actor>;

/** Well-formed commands the dossier cannot take at `stage` (whatever the sender). */
export function outOfStageCommand(criterion: string, refusedTypes: string[]): fc.Arbitrary<Record<string, unknown>> {
  const s = sampleCommands(criterion);
  return fc.constantFrom(...refusedTypes.map((t) => s[t]!));
}

/** The body every refusal must have: a stable code and a message in Vietnamese and in English. */
export function isClearError(e: unknown): boolean {
  const x = e as { code?: unknown; messageVi?: unknown; messageEn?: unknown };
  return (
    typeof x?.code === 'string' &&
    /^[A-Z][A-Z_]*(\.[A-Z_]+)+$/.test(x.code) &&
    typeof x.messageVi === 'string' &&
    x.messageVi.length > 0 &&
    typeof x.messageEn === 'string' &&
    x.messageEn.length > 0
  );
}
