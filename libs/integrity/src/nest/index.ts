export * from './integrity.module';
export * from './integrity.tokens';
export * from './notary-health';
