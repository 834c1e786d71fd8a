export * from './standards.providers';
export * from './standards.dto';
export * from './standards.view';
export * from './standards.reader';
export * from './standards.seed-requests';
export * from './standards.controller';
export * from './standards-http.module';
