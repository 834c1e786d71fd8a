export * from './payments.providers';
export * from './batch-runner';
export * from './batch-runner.types';
export * from './batch.controller';
export * from './case-payment.controller';
export * from './payments-http.module';
