export * from './cases.providers';
export * from './case-inputs';
export * from './case-commands';
export * from './case.view';
export * from './near-relative-register';
export * from './cases-http.module';
export * from './case-register';
export * from './live-register';
