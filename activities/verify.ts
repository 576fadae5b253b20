import { ApplicationFailure } from '@temporalio/activity';
import { getCriteriaSet } from '../domain/criteria';
import { verifyDossier, verifyOptionsOf } from '../domain/dossier';
import type { VerifyRequest } from './types';

/**
 * Recomputes every criterion of a dossier against its criteria set version, with what the dossier input
 * says of its unit (held titles, commune group, region) — see domain/dossier/verify.ts.
 */
export function verifyActivities() {
  return {
    async verifyCriteria(req: VerifyRequest) {
      const set = getCriteriaSet(req.criteriaSetId);
      if (!set.ok) throw ApplicationFailure.nonRetryable(`${set.error.messageVi} / ${set.error.messageEn}`, set.error.code);
      // The unit's held titles, commune group and region travel in the dossier input (planDossier).
      // Issue 18: the facts verification reads (new workflows) or the whole state (older ones).
      const ctx = req.facts ?? req.state.context;
      const r = verifyDossier(set.value, ctx, verifyOptionsOf(ctx));
      if (!r.ok) throw ApplicationFailure.nonRetryable(`${r.error.messageVi} / ${r.error.messageEn}`, r.error.code);
      return r.value;
    },
  };
}
