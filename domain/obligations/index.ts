/**
 * Periodic reporting obligations (issue 16): the obligations as data (schema), their periods, due
 * dates and reminders (periods), the submission check (submission), the period task's lifecycle
 * (lifecycle) and the obligations the seeds name (seeded). Pure: time and calendars are arguments.
 */
export * from './schema';
export * from './periods';
export * from './submission';
export * from './lifecycle';
export * from './seeded';
