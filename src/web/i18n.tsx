import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { Button } from 'antd';
import type { Message } from './api';

// Chinese first, English one click away. Each text is written in both languages where it is used,
// so a page reads in the order a user sees it.
export type Lang = 'zh' | 'en';
const KEY = 'wufei.lang';

interface I18n { lang: Lang; setLang: (l: Lang) => void; L: (zh: string, en: string) => string; M: (m: Message | null | undefined) => string }
const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(KEY) === 'en' ? 'en' : 'zh'));
  const value = useMemo<I18n>(() => ({
    lang,
    setLang: (l) => { localStorage.setItem(KEY, l); document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en'; setLangState(l); },
    L: (zh, en) => (lang === 'zh' ? zh : en),
    M: (m) => (m ? (lang === 'zh' ? m.zh : m.en) : ''),
  }), [lang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

export function LangSwitch() {
  const { lang, setLang } = useI18n();
  return <Button size="small" data-testid="lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{lang === 'zh' ? 'English' : '中文'}</Button>;
}

/** Labels of the server's vocabularies, in the current language. */
export function useLabel() {
  const { lang } = useI18n();
  return (list: { value: string; zh: string; en: string }[] | undefined, value: string | null | undefined) => {
    const hit = list?.find((e) => e.value === value);
    return hit ? (lang === 'zh' ? hit.zh : hit.en) : value ?? '';
  };
}

export const shanghai = (value: string | Date | null | undefined, withTime = true) =>
  value ? new Date(value).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, ...(withTime ? {} : { year: 'numeric', month: '2-digit', day: '2-digit' }) }) : '';

export const tonnes = (value: number | null | undefined, lang: Lang) => (value === null || value === undefined ? '' : `${Number(value).toLocaleString('zh-CN', { maximumFractionDigits: 4 })} ${lang === 'zh' ? '吨' : 't'}`);
