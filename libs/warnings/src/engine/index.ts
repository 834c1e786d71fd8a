export * from './rules-engine';
export * from './rules-engine.settings';
export * from './rules-engine.status';
export * from './engine-checkpoint';
export * from './rule-set';
export * from './warning-ids';
export * from './warning-raiser';
