export * from './request-scope';
export * from './logging';
export * from './metrics';
export * from './metrics.controller';
export * from './instrumented-event-store';
export * from './observability.module';
