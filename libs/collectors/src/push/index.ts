export * from './push-item';
export * from './push-mapper';
export * from './push-descriptors';
export * from './webhook-signature';
export * from './import-rows';
