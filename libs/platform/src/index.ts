export * from './config';
export * from './clock';
export * from './ids';
export * from './validation';
export * from './problem-details.filter';
export * from './platform.module';
