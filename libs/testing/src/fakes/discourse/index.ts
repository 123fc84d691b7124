export * from './discourse-fake-server';
