export * from './credit.providers';
export * from './credit.dto';
export * from './credit.view';
export * from './credit.reader';
export * from './credit.controller';
export * from './credit-list.controller';
export * from './credit-http.module';
