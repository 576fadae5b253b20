import { ApplicationFailure } from '@temporalio/activity';
import { getCriteriaSet } from '../domain/criteria';
import { verifyDossier } from '../domain/dossier';
import type { VerifyRequest } from './types';

/** Recomputes every criterion of a dossier against its criteria set version (see domain/dossier/verify.ts). */
export function verifyActivities() {
  return {
    async verifyCriteria(req: VerifyRequest) {
      const set = getCriteriaSet(req.criteriaSetId);
      if (!set.ok) throw ApplicationFailure.nonRetryable(`${set.error.messageVi} / ${set.error.messageEn}`, set.error.code);
      const r = verifyDossier(set.value, req.state.context);
      if (!r.ok) throw ApplicationFailure.nonRetryable(`${r.error.messageVi} / ${r.error.messageEn}`, r.error.code);
      return r.value;
    },
  };
}
