export * from './credit.events';
export * from './credit.commands';
export * from './credit.policy';
export * from './credit.queries';
export * from './credit.decider';
export * from './household-id';
