/**
 * A queue message's body: JSON in which every character SQS might refuse is written as a \u
 * escape. SQS takes only #x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD and #x10000-#x10FFFF, so a
 * note holding U+FFFF would make SendMessage fail; and characters outside the Basic Multilingual
 * Plane (an emoji in a note) are refused by the local stand-in. Escaped, they travel as ASCII and
 * JSON.parse gives back the very same string. JSON.stringify already escapes controls and lone
 * surrogates; what is left to escape is the halves of surrogate pairs, U+FFFE and U+FFFF.
 */
export function messageBody(value: unknown): string {
  return JSON.stringify(value).replace(/[\ud800-\udfff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}
