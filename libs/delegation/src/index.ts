export * from './delegation.events';
export * from './delegation.commands';
export * from './delegation.policy';
export * from './delegation.decider';
export * from './delegation.queries';
