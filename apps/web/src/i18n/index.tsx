import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

import { en, type Dictionary, type MessageKey } from './en.js';
import { zhTW } from './zh-TW.js';

export const locales = ['en', 'zh-TW'] as const;
export type Locale = (typeof locales)[number];
export type { MessageKey };

export const dictionaries: Record<Locale, Dictionary> = { en, 'zh-TW': zhTW };
export const localeNames: Record<Locale, string> = { en: 'English', 'zh-TW': '繁體中文' };

const STORAGE_KEY = 'bulwark.locale';

/** The saved choice, else the browser's language if it is Chinese, else English. */
function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'zh-TW') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-TW' : 'en';
}

export type Translate = (key: MessageKey, values?: Record<string, string | number | bigint>) => string;

/** Fills `{name}` placeholders of a message. */
export function interpolate(message: string, values?: Record<string, string | number | bigint>): string {
  if (!values) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    document.documentElement.lang = locale;
    const dictionary = dictionaries[locale];
    return { locale, setLocale, t: (key, values) => interpolate(dictionary[key], values) };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
