/** Notices: every text the engine sends, and who receives it, as pure functions of the facts. */
export * from './types';
export * from './dossier';
export * from './campaign';
export * from './facts';
export * from './events';
export * from './digest';
