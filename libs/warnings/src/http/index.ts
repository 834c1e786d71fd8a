export * from './warnings-http.module';
export * from './alert-stream.service';
export * from './alert-stream.settings';
export * from './alert-feed';
export * from './alert-access';
