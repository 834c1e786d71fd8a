export * from './access-log.events';
export * from './access-log.commands';
export * from './access-log.decider';
export * from './access-log.queries';
