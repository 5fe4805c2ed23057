/**
 * The largest JSON body the API reads, in characters: Lambda's synchronous payload limit is 6 MB,
 * and a plan workbook is the largest body it takes. The portal checks a body against it before
 * sending (in UTF-8 bytes, which are never fewer than the characters).
 */
export const MAX_BODY = 6_000_000;
