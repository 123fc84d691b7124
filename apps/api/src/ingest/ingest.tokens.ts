/** The cipher that opens webhook sources' signing secrets (ASCOLTO_CREDENTIALS_KEY). */
export const WEBHOOK_CIPHER = Symbol('WEBHOOK_CIPHER');
