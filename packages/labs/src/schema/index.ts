export * from './checks';
export * from './common';
export * from './content';
export * from './validate';
