/** Why a file could not be read: a PARSE rule id and what the message needs. */
export interface ReadRejection {
  rule: 'PARSE.unreadable' | 'PARSE.encrypted' | 'PARSE.too-large';
  reason: string;
}
