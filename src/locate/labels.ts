/**
 * Label matching works on a normalized key, so that the variants departments type
 * (full-width brackets and digits, spaces and line breaks, quotes, "，" for "、", numbering
 * dropped, instructions in brackets) all meet the template's wording.
 */

const NUMBERING = /^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|\d+[.、])+/;
// A bracket holding anything but an index "(一)" / "(5)" is a note or an instruction.
const NOTE_IN_BRACKETS = /\((?![一二三四五六七八九十\d]+\))[^()]*\)/g;

/**
 * Keys already computed: every report repeats the template's few hundred labels, and a
 * worker parses thousands of reports. Bounded, so odd text cannot make it grow for ever.
 */
const KEYS = new Map<string, string>();
const MAX_KEYS = 20_000;

export function labelKey(text: string): string {
  let key = KEYS.get(text);
  if (key === undefined) {
    if (KEYS.size >= MAX_KEYS) KEYS.clear();
    key = computeKey(text);
    KEYS.set(text, key);
  }
  return key;
}

function computeKey(text: string): string {
  let key = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[【〔\[［]/g, '(')
    .replace(/[】〕\]］]/g, ')')
    .replace(/[“”"'‘’「」『』]/g, '')
    .replace(/[,，;；]/g, '、');
  // Nested notes "(指…(含…))" come off from the inside out.
  for (let previous = ''; previous !== key; ) {
    previous = key;
    key = key.replace(NOTE_IN_BRACKETS, '');
  }
  return key.replace(NUMBERING, '');
}

/** Only short text can be a label: a paragraph of the report never is. */
export const MAX_LABEL_LENGTH = 120;

export function isLabelText(text: string): boolean {
  return text.length > 0 && text.length <= MAX_LABEL_LENGTH && !/^[\s\d.,+\-－—/]*$/.test(text);
}
