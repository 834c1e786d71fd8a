export * from './integrity-store';
export * from './merkle-tables';
export * from './integrity-log';
export * from './notary';
export * from './tree-head-key-file';
