export * from './provider';
export * from './vault-data';
export * from './item-data';
