/**
 * Every string the widget shows, in each shipped language. English is the source: its keys define `LabelKey`, and
 * every other language must give a value for each key (the type check fails otherwise). Placeholders are `{name}`,
 * filled by `label(key, params)`. Add a string here (both languages) instead of writing it in a template or a view.
 */
const en = {
    you: 'You',
    agent: 'Agent',
    unknownSender: 'Unknown',
    customMessage: 'Custom message',
    unsupportedMessage: 'Unsupported message',
    image: 'Image',
    sending: 'Sending…',
    notSent: 'Not sent',
    // Quick replies (Salesforce Quick Text)
    quickTextButton: 'Quick text',
    quickTextButtonLabel: 'Insert Quick Text (or type / at the start of a line)',
    quickTextListLabel: 'Quick Text',
    quickTextLoading: 'Searching Quick Text…',
    quickTextNoMatches: 'No quick text matches',
    quickTextCount: '{count} Quick Text found. Up and down arrows to choose, Enter to insert, Esc to close.',
    quickTextFailed: 'Quick Text could not be searched.',
    quickTextNoAnswer: 'Salesforce did not answer the Quick Text search.',
    quickTextUnresolved: 'Fill in before sending: {fields}',
    customer: 'Customer',
    isTyping: '{name} is typing…',
    sent: 'Sent',
    delivered: 'Delivered',
    read: 'Read',
} as const;

export type LabelKey = keyof typeof en;
export type Labels = Record<LabelKey, string>;

const zhCN: Labels = {
    you: '你',
    agent: '客服',
    unknownSender: '未知',
    customMessage: '自定义消息',
    unsupportedMessage: '不支持的消息',
    image: '图片',
    sending: '发送中…',
    notSent: '未发送',
    quickTextButton: '快捷文本',
    quickTextButtonLabel: '插入快捷文本（或在行首输入 /）',
    quickTextListLabel: '快捷文本',
    quickTextLoading: '正在搜索快捷文本…',
    quickTextNoMatches: '没有匹配的快捷文本',
    quickTextCount: '找到 {count} 条快捷文本。用上下方向键选择，Enter 插入，Esc 关闭。',
    quickTextFailed: '无法搜索快捷文本。',
    quickTextNoAnswer: 'Salesforce 未响应快捷文本搜索。',
    quickTextUnresolved: '发送前请填写：{fields}',
    customer: '客户',
    isTyping: '{name} 正在输入…',
    sent: '已发送',
    delivered: '已送达',
    read: '已读',
};

export const SHIPPED_LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof SHIPPED_LANGUAGES)[number];

const DICTIONARIES: Record<Language, Labels> = { en, 'zh-CN': zhCN };

let current: Language = 'en';

/**
 * The shipped language for a Salesforce user language (`en_US`, `zh_CN`, `zh-CN`, …): Simplified Chinese for `zh_CN`
 * and `zh` (and the `zh-Hans` forms), English for everything else (including Traditional Chinese, not shipped).
 */
export function resolveLanguage(salesforceLanguage: string | undefined): Language {
    const tag = (salesforceLanguage ?? '').replace('_', '-').toLowerCase();
    if (tag === 'zh' || tag === 'zh-cn' || tag === 'zh-sg' || tag.startsWith('zh-hans')) return 'zh-CN';
    return 'en';
}

export function setLanguage(language: Language): void {
    current = language;
}

export function currentLanguage(): Language {
    return current;
}

/** The current language's dictionary, for templates (`labels.you`). */
export function labels(): Labels {
    return DICTIONARIES[current];
}

/** One string in the current language, `{name}` placeholders filled from `params`. */
export function label(key: LabelKey, params?: Record<string, string | number>): string {
    const text = DICTIONARIES[current][key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
        Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
    );
}
