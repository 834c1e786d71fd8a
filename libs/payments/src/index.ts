export * from './batch.events';
export * from './batch.commands';
export * from './batch.policy';
export * from './batch.state';
export * from './batch.decider';
export * from './batch.queries';
export * from './batch-run.plan';
