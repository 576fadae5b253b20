export * from './replan';
