export * from './rules/integrity-rule';
export * from './warning.events';
export * from './warning.commands';
export * from './warning.state';
export * from './warning.policy';
export * from './warning.validation';
export * from './warning.decider';
