export * from './warnings.module';
export * from './warnings.providers';
