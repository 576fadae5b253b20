/** Forecast (issue 16): will each unit registered in a plan year meet its target in time, and why. */
export * from './forecast';
export * from './schema';
