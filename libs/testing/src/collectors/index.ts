export * from './collect-request';
