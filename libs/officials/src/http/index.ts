export * from './officials.providers';
export * from './officials.dto';
export * from './official.view';
export * from './officials.controller';
export * from './officials-http.module';
