/**
 * Real data is not ASCII: names, labels and message bodies carry accents, Chinese, Arabic, Cyrillic, Devanagari and
 * emoji (with skin tones and joiners). A dataset's `text` decides whether a share of its values is written so (`world`,
 * the default: about one value in three) or every value stays ASCII (`ascii`, the bench's row for comparison).
 */
export type TextMix = 'world' | 'ascii';

/** One value in this many is written in another script or carries an emoji. */
const WORLD_SHARE = 3;

export const WORLD_NAMES = [
  'Zoë Ørsted',
  'José Álvarez Núñez',
  'François Müller',
  '王芳',
  '李娜（客服）',
  'محمد الأحمد',
  'فاطمة الزهراء',
  'Иван Петров',
  'अनीता शर्मा',
  '田中 さくら',
  'Nguyễn Ngọc Anh',
  'Łukasz Wójcik',
  '🎧 Ana (soporte)',
  'Ömer Çelik 👋🏽',
  '김민준',
  'Ελένη Παπαδοπούλου',
] as const;

export const WORLD_BODIES = [
  '¿Dónde estás? 😊',
  'Votre commande est expédiée 📦',
  '明天下午三点见！',
  'شكراً لك، سنتواصل معك قريباً',
  'Привет! Код подтверждения: 482913 ✅',
  'आपका अपॉइंटमेंट कल है 🗓️',
  'ご予約ありがとうございます 🙏',
  'Grüße aus München 🥨 — bis bald',
  'Your driver is 2 min away 🚗💨',
  'Teşekkürler! 👍🏿',
  '👨‍👩‍👧‍👦 Family plan renewed',
  '주문이 배송되었습니다',
] as const;

/** `ascii` as it is, or, for one hash in three of a `world` dataset, a value in another script. */
export function worldly(mix: TextMix | undefined, ascii: string, hash: number, values: readonly string[] = WORLD_NAMES): string {
  if (mix === 'ascii' || hash % WORLD_SHARE !== 0) return ascii;
  return values[Math.floor(hash / WORLD_SHARE) % values.length] ?? ascii;
}
