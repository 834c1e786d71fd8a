export * from './inspection.dto';
export * from './inspection-draw.service';
export * from './inspection.controller';
export * from './inspection-report.controller';
export * from './inspections-http.module';
export * from './inspection-credit.controller';
export * from './integrity-figures.controller';
export * from './inspection-list.controller';
