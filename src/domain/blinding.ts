import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * A leader's step on an R8 request lives in a list everyone may read
 * (decision 014), so the facts it records must not say whose request it is.
 * They are blinded with a key that only the request's parties know: it is in
 * the private submission (and in the mail to the leader). A blinded fact is
 * HMAC-SHA-256(key, value), hex; without the key nobody can tell which of the
 * municipality's people it names, and with it the fold checks it exactly.
 */

/** A request's blinding key: 32 hex digits, made by the client with the request. */
export const blindKeyPattern = /^[0-9a-f]{32}$/;

/** The blinded form of a person id (or any text) under a request's key. */
export function blind(key: string, value: string): string {
  return bytesToHex(hmac(sha256, utf8ToBytes(key), utf8ToBytes(value)));
}
