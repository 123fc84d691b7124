export { AppStoreAdapter, APPSTORE_DESCRIPTOR, APPSTORE_MAX_PAGES, type AppStoreCursor, appStorePageUrl, appStoreSourceKey, parseAppStoreCursor } from './appstore-adapter';
export { type AppStorePage, type AppStoreReview, parseJsonPage, parseXmlPage } from './appstore-feed';
