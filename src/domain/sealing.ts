import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Facts a protected step must record in a list everyone may read, sealed so
 * that only the request's parties can read them (decision 014). Systemansvarlig's
 * "carried out" is in the Systemansvarlig list, whose item proves her role; the
 * Elements reference and the right granted are the request's, not the public's.
 *
 * Sealed = ChaCha20-Poly1305 (fast in plain JavaScript: 5,000 opens in about a
 * quarter of a second here, against twice that for AES-GCM) under a key derived from the request's blinding key
 * (`blindKey`, which only the private submission carries), with a nonce derived
 * from the event id, so sealing is a pure function (no randomness in the
 * domain) and never reuses a nonce under one key: event ids are unique. Poly1305
 * authenticates: a sealed value changed by anyone fails to open.
 */

const info = utf8ToBytes('elements-tilgang/seal/v1');

function keyOf(blindKey: string): Uint8Array {
  return hmac(sha256, utf8ToBytes(blindKey), info);
}

/** Unique per event, and the key is the request's: a nonce is never used twice under one key. */
function nonceOf(eventId: string): Uint8Array {
  return sha256(utf8ToBytes(`nonce:${eventId}`)).slice(0, 12);
}

/** The sealed form of `value` (JSON) for one event of a request, hex. */
export function seal(blindKey: string, eventId: string, value: unknown): string {
  const plain = utf8ToBytes(JSON.stringify(value));
  return bytesToHex(chacha20poly1305(keyOf(blindKey), nonceOf(eventId)).encrypt(plain));
}

/** What `seal` sealed, or null when the key is not this request's or the value was changed. */
export function unseal(blindKey: string, eventId: string, sealed: string): unknown {
  try {
    const plain = chacha20poly1305(keyOf(blindKey), nonceOf(eventId)).decrypt(hexToBytes(sealed));
    const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
    return parsed;
  } catch {
    return null;
  }
}
