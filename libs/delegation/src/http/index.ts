export * from './delegation.providers';
export * from './delegation.dto';
export * from './delegation-register.view';
export * from './delegation.reader';
export * from './delegation.controller';
export * from './delegation-http.module';
