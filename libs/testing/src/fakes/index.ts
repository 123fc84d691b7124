export * from './fake-api-server';
