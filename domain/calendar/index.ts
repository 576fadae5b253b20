/**
 * The deadline calendar: Vietnamese dates and instants, the lunar calendar, public holidays and
 * working days, plan years with their deadlines, reminder schedules and the review clock.
 * Pure: time always comes in as an argument.
 */
export * from './dates';
export * from './lunar';
export * from './holidays';
export * from './holiday-data';
export * from './reminders';
export * from './review-clock';
export * from './plan';
export * from './seeded-plans';
export * from './dossier-clock';
