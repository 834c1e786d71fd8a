export * from './resident-id';
export * from './bank-account';
