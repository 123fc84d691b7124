// Plain types and constants shared by the api, the worker and the dashboard. No framework imports,
// no Node.js imports: the dashboard compiles this for the browser.
export * from './taxonomy';
export * from './mention';
export * from './api';
export * from './similarity';
export * from './priority';
export * from './topic-query';
export * from './sources';
export * from './imports';
export * from './explanation-reasons';
