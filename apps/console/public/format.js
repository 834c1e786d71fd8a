// Dates in China time, money in yuan from fen.
import { lang } from './i18n.js';

const TIME_ZONE = 'Asia/Shanghai';

/** An instant as a China date and time; a plain date as it is. */
export function dateTime(value) {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(value));
  const part = (type) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** The China date of an instant (or a date as it is). */
export function chinaDate(value) {
  return value ? dateTime(value).slice(0, 10) : '';
}

/** Fen as yuan with two decimals: 59000 → "590.00 元" (or "¥590.00"). */
export function yuan(fen) {
  if (fen === null || fen === undefined || Number.isNaN(Number(fen))) return '';
  const amount = (Number(fen) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return lang() === 'en' ? `¥${amount}` : `${amount} 元`;
}

/** Days added to a plain date. */
export function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
