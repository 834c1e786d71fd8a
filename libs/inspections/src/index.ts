export * from './inspection.events';
export * from './inspection.commands';
export * from './inspection.state';
export * from './inspection.decider';
export * from './inspection-sampling';
export * from './inspection-log-prefix';
export * from './finding-credit-record';
