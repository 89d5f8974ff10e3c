export * from './podman';
export * from './consul';
export * from './readme';
