export {
  FacebookPageAdapter,
  FACEBOOK_DESCRIPTOR,
  FB_OVERLAP_MS,
  FB_RECHECK_MS,
  commentKey,
  mapFacebookComment,
  mapFacebookPost,
  parseFacebookCursor,
  type FacebookCursor,
  type FbComment,
  type FbPost,
  type FbPostState,
} from './facebook-page-adapter';
export {
  InstagramAdapter,
  INSTAGRAM_DESCRIPTOR,
  INSTAGRAM_SOURCE_KEY,
  IG_OVERLAP_MS,
  mapInstagramMedia,
  normaliseHashtag,
  parseInstagramCursor,
  type IgMedia,
  type InstagramCursor,
} from './instagram-adapter';
export {
  igMentionExternalId,
  igMentionHash,
  mapMentionedComment,
  mapMentionedMedia,
  parseIgMentionRef,
  parseMetaMentions,
  signMetaBody,
  verifyMetaSignature,
  type IgMentionedComment,
  type IgMentionRef,
  type MetaMentionsParse,
} from './instagram-mentions';
export { DEFAULT_GRAPH_VERSION, GraphApiError, graphBaseUrl, parseGraphTime } from './graph-client';
