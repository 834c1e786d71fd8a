export * from './merkle/merkle-tree';
export * from './merkle/tree-head';
export * from './notary';
