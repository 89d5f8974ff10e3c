export * from './schema';
export * from './match';
export * from './validate';
export * from './openclaw-json';
export * from './models';
