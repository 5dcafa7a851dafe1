/**
 * Reading keys: how a word sounds, in a form that forgives the ways people type sounds. Small kana
 * count as large (ｾｷｭﾘﾃｲ = セキュリティ), and long vowels spelled with a kana are dropped, so romaji
 * typed without macrons (dounyu, kyufukin) meets the reading of 導入給付金.
 */
import { isRomaji, toHiragana } from "wanakana";

const SMALL_TO_LARGE: Record<string, string> = {
  ぁ: "あ", ぃ: "い", ぅ: "う", ぇ: "え", ぉ: "お", ゃ: "や", ゅ: "ゆ", ょ: "よ", ゎ: "わ", ゕ: "か", ゖ: "け",
};
const O_ROW = "おこごそぞとどのほぼぽもよょろを";
const U_ROW = "うくぐすずつづぬふぶぷむゆゅる";
const E_ROW = "えけげせぜてでねへべぺめれ";

/** A hiragana reading → its loose key (せきゅりてぃ → せきゆりてい, どうにゅう → どにゆ). */
export function looseReading(hiragana: string): string {
  let out = "";
  let previous = "";
  for (const ch of hiragana) {
    const large = SMALL_TO_LARGE[ch] ?? ch;
    const lengthens = (large === "う" && (O_ROW.includes(previous) || U_ROW.includes(previous))) || (large === "お" && O_ROW.includes(previous)) || (large === "い" && E_ROW.includes(previous));
    if (!lengthens) out += large;
    // ゅ/ょ end a syllable of the u/o row, so the row is read from the small kana itself.
    previous = ch;
  }
  return out;
}

/** A Latin word that reads fully as Hepburn romaji (hojokin), as hiragana; null for English words (guideline). */
export function romajiAsHiragana(word: string): string | null {
  if (word.length < 3 || !isRomaji(word)) return null;
  const kana = toHiragana(word);
  return /[a-z]/i.test(kana) ? null : kana;
}
