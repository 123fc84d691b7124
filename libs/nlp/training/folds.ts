import { FeatureKind, finalise, hashString } from '../src/features/feature-hashing';

/**
 * Cross-validation folds that respect copies: two records whose texts are the same after
 * normalisation (case, handles, links, a leading "RT @user:", punctuation) always share a fold,
 * across data sets too. This matters because umsab-italian is a subset of sentipolc-2016 and
 * retweets repeat across the English sets: a model must never be scored on a text it trained on.
 */
export const FOLDS = 5;

export function groupKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/^rt @\w+:?\s*/u, '')
    .replace(/https?:\/\/\S+|www\.\S+|\{link\}/gu, ' ')
    .replace(/@\w+/gu, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function foldOf(text: string, folds = FOLDS): number {
  return finalise(hashString(FeatureKind.Signal, groupKey(text))) % folds;
}
