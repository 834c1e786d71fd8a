export * from './projections.module';
export * from './await-projection';
