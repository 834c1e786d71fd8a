export * from './integrity-http.module';
export * from './integrity.views';
export * from './dto/integrity-queries.dto';
