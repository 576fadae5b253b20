export * from './replan';
export * from './plan-sheet';
