export * from './entities';
export * from './database-config';
export * from './migrations';
