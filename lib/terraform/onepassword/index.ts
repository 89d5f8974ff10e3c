export * from './provider';
export * from './vault-data';
export * from './item-data';
export * from './ephemeral-item';
