export * from './dates';
export * from './china-holidays';
export * from './working-calendar';
