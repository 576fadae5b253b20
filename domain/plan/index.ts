export * from './replan';
export * from './plan-sheet';
export * from './plan-units';
