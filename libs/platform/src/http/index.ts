export * from './request-headers';
export * from './command-id';
export * from './command-context.decorator';
export * from './command-result.view';
export * from './command-executor';
export * from './etag.interceptor';
export * from './command-http.module';
export * from './http-app';
