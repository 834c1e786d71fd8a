export * from './standards.events';
export * from './standards.commands';
export * from './standards.policy';
export * from './standards.state';
export * from './standards.queries';
export * from './standards.decider';
export * from './shaoxing-2020.seed';
