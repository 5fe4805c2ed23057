import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * One spelling style throughout, the one official documents use today: the tone mark on the
 * main vowel of oa, oe and uy at the end of a syllable (hòa, họa, khỏe, thủy), never on the glide
 * (hoà, hoạ, khoẻ, thuỷ). "quý" is not such a syllable: its u belongs to the consonant qu.
 */
const OLD_STYLE = /(?:^|[^qQ])(?:[oO][àáảãạèéẻẽẹ]|[uU][ỳýỷỹỵ])$/u;
const oldStyle = (word: string) => OLD_STYLE.test(word.normalize('NFC'));

describe('Vietnamese spelling', () => {
  it('puts the tone mark on the main vowel (hòa, not hoà) in every text the system shows or ships', () => {
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => /\.(ts|tsx|csv|json|md|html)$/.test(f) && !f.endsWith('package-lock.json') && f !== 'test/unit/spelling.test.ts');
    const found: string[] = [];
    for (const f of files) {
      let text: string;
      try {
        text = readFileSync(f, 'utf8').normalize('NFC');
      } catch {
        continue; // listed but deleted in the working tree
      }
      for (const [word] of text.matchAll(/\p{L}+/gu)) if (oldStyle(word)) found.push(`${f}: ${word}`);
    }
    expect(found).toEqual([]);
  });

  it('tells the two styles apart', () => {
    expect(['hoà', 'Hoà', 'hoạ', 'hoá', 'khoẻ', 'thuỷ', 'Thuỵ'].filter((w) => !oldStyle(w))).toEqual([]);
    expect(['hòa', 'họa', 'hóa', 'khỏe', 'thủy', 'quý', 'Quý', 'hoàn', 'hoạch', 'toán', 'khuyến', 'tuyển'].filter(oldStyle)).toEqual([]);
  });
});
