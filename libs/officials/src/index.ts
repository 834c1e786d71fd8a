export * from './officials.events';
export * from './officials.commands';
export * from './officials.policy';
export * from './officials.state';
export * from './officials.queries';
export * from './officials.decider';
