/**
 * Vietnamese unit-name normalisation.
 *
 * Two keys, so matching can prefer the stricter one:
 * - `unitNameKey`: Unicode NFC, lower case, single spaces, administrative prefix removed. Keeps
 *   diacritics: "Na Tông" and "Nà Tông" stay different.
 * - `normalizeUnitName`: the same, then diacritics folded ("đ" → "d"): "Mường Pồn" = "Mường Pôn" =
 *   "muong pon".
 * Prefixes removed: tỉnh, huyện, thị xã, thành phố, thị trấn, xã, phường and the abbreviations
 * TP., TX., TT. Only with their diacritics: a bare "xa" is not stripped, because "Xa Dung" is a commune.
 */
const PREFIXES = ['thành phố', 'thị trấn', 'thị xã', 'phường', 'huyện', 'tỉnh', 'xã', 'tp.', 'tx.', 'tt.', 'tp'];

function collapse(s: string): string {
  return s.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
}

function stripPrefix(s: string): string {
  for (const p of PREFIXES) {
    if (s.startsWith(p)) {
      const rest = s.slice(p.length);
      // Whole word only ("tp." may be glued to the name: "TP.Điện Biên Phủ").
      if (p.endsWith('.') || rest.startsWith(' ')) {
        const trimmed = rest.trim();
        if (trimmed.length > 0) return trimmed;
      }
    }
  }
  return s;
}

/** Diacritic-sensitive key: case, whitespace and prefix normalised. */
export function unitNameKey(name: string): string {
  return stripPrefix(collapse(name));
}

/** Removes Vietnamese diacritics (tone and vowel marks, đ). */
export function foldDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** Folded key: case, whitespace, prefix and diacritics normalised. */
export function normalizeUnitName(name: string): string {
  return foldDiacritics(unitNameKey(name));
}

/** ASCII slug of a name: "Tuần Giáo" → "tuan-giao". */
export function slugifyUnitName(name: string): string {
  return normalizeUnitName(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
