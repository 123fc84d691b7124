export { DiscourseAdapter, DISCOURSE_DESCRIPTOR, DISCOURSE_DIALECT } from './discourse-adapter';
export { type DiscourseCursor, type DiscourseStreamCursor, parseDiscourseCursor } from './discourse-cursor';
export { compareIds as compareDiscourseIds, discourseSourceKey, withoutQuotes } from './discourse-mapper';
