export * from './entities';
export * from './database-config';
export * from './migrations';
export * from './credentials/credential-cipher';
export * from './topic-retag-jobs';
export * from './label-correction-intents';
