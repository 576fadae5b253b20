// The workflows the worker runs (its workflowsPath points here).
export { dossierWorkflow } from './dossier';
export { campaignWorkflow } from './campaign';
export { obligationWorkflow, periodWorkflow } from './obligation';
export { digestWorkflow } from './digest';
export { planChangeWorkflow } from './plan-change';
