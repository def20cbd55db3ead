/**
 * Every string the widget shows, in each shipped language. English is the source: its keys define `LabelKey`, and
 * every other language must give a value for each key (the type check fails otherwise; a jest test checks none is
 * empty). Placeholders are `{name}`, filled by `label(key, params)`. Add a string here (both languages) instead of
 * writing it in a template or a view; templates read the current dictionary through a `labels` getter.
 */
const en = {
    /** The `lang` attribute of the widget's content (not shown). */
    htmlLang: 'en',
    // message senders and bodies
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
    imageAttachment: 'Image attachment',
    imageTag: '[Image]',
    filePrefix: 'File:',
    previewFile: '[File] {name}',
    previewCustom: '[Custom message]',
    previewOther: '[Message]',
    // shell, banners and state views
    caseChat: 'Case chat',
    useHere: 'Use here',
    retry: 'Retry',
    dismiss: 'Dismiss',
    noHostHeading: 'Chat is not connected to Salesforce',
    noHostMessage: 'Open this widget from the Salesforce utility bar.',
    signingIn: 'Signing in to chat…',
    waitingForSalesforce: 'Waiting for Salesforce…',
    readOnlyNote: 'This case is closed — the conversation is read-only.',
    kickedMultipleAccount: 'You signed in to chat in another window.',
    kickedMultipleDevice: 'You signed in to chat on another device.',
    kickedRestApi: 'An administrator signed you out of chat.',
    kickedUnknown: 'You were signed out of chat.',
    removedFromConversation: 'You are no longer in this conversation — the case was reassigned or closed.',
    sessionStartFailed: 'Could not start the chat session.',
    signInFailed: 'Could not sign in to chat: {reason}',
    sessionNoAnswer: 'Salesforce did not answer the chat session request.',
    conversationsLoadFailed: 'Conversations could not be loaded: {reason}',
    focusedCaseNoChat: 'The focused case has no chat you are part of.',
    messagesLoadFailed: 'Messages could not be loaded: {reason}',
    earlierLoadFailed: 'Earlier messages could not be loaded: {reason}',
    earlierUnavailable: 'Earlier messages could not be loaded.',
    historyNoAnswer: 'Salesforce did not answer the history request.',
    messageTooLong: 'Messages can be at most {max} characters.',
    fileNotSent: '{name} was not sent: {reason}',
    theFile: 'The file',
    // status bar
    chatStatus: 'Chat: {state}',
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    offline: 'Offline',
    signedOut: 'Signed out',
    desktopNotifications: 'Desktop notifications',
    desktopNotificationsOn: 'Alerts: on',
    desktopNotificationsOff: 'Alerts: off',
    desktopNotificationsBlocked: 'Desktop notifications are blocked in this browser’s site settings.',
    // conversation list
    caseConversations: 'Case conversations',
    filterPlaceholder: 'Filter by case, subject or customer',
    filterConversations: 'Filter conversations',
    conversationsShown: 'Conversations shown',
    countOf: '{matching} of {total}',
    loadingConversations: 'Loading conversations…',
    conversationsUnavailable: 'Conversations unavailable',
    showMore: 'Show more',
    noChatsYet: 'No case chats yet. Chats appear here when a case is assigned to you.',
    noFilterMatch: 'No conversation matches the filter.',
    unreadCount: '{count} unread',
    waitingSeconds: 'Waiting {s} s',
    waitingMinutes: 'Waiting {m} min',
    waitingHours: 'Waiting {h} h {m} min',
    // conversation view, messages, composer
    conversation: 'Conversation',
    backToConversations: 'Back to conversations',
    back: 'Back',
    openCase: 'Open case',
    messages: 'Messages',
    loadingMessages: 'Loading messages…',
    messagesUnavailable: 'Messages unavailable',
    loadEarlier: 'Load earlier messages',
    loadingBeforeJoined: 'Loading messages from before you joined…',
    noMessagesYet: 'No messages yet.',
    messagesBeforeJoined: 'Messages before you joined',
    youJoined: 'You joined',
    messageBox: 'Message',
    composerPlaceholder: 'Write a message (Enter to send, Shift+Enter for a new line)',
    attachImage: 'Attach image',
    attachImageShort: '+ Image',
    attachFile: 'Attach file',
    attachFileShort: '+ File',
    send: 'Send',
    // screen-reader announcements and desktop notifications
    announceMessage: '{sender}: {text}',
    announceOtherMessage: 'New message in case {caseNumber} from {sender}',
    announceAssigned: 'New chat assigned: case {caseNumber}, {subject}',
    notifyMessageTitle: 'Case {caseNumber}: {sender}',
    notifyAssignedTitle: 'New chat: case {caseNumber}',
} as const;

export type LabelKey = keyof typeof en;
export type Labels = Record<LabelKey, string>;

const zhCN: Labels = {
    htmlLang: 'zh-CN',
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
    imageAttachment: '图片附件',
    imageTag: '[图片]',
    filePrefix: '文件：',
    previewFile: '[文件] {name}',
    previewCustom: '[自定义消息]',
    previewOther: '[消息]',
    caseChat: '个案聊天',
    useHere: '在此使用',
    retry: '重试',
    dismiss: '关闭',
    noHostHeading: '聊天未连接到 Salesforce',
    noHostMessage: '请从 Salesforce 实用工具栏打开此组件。',
    signingIn: '正在登录聊天…',
    waitingForSalesforce: '正在等待 Salesforce…',
    readOnlyNote: '此个案已关闭，会话为只读。',
    kickedMultipleAccount: '你已在另一个窗口登录聊天。',
    kickedMultipleDevice: '你已在另一台设备上登录聊天。',
    kickedRestApi: '管理员已将你退出聊天。',
    kickedUnknown: '你已退出聊天。',
    removedFromConversation: '你已不在此会话中：个案已被重新分配或关闭。',
    sessionStartFailed: '无法开始聊天会话。',
    signInFailed: '无法登录聊天：{reason}',
    sessionNoAnswer: 'Salesforce 未响应聊天会话请求。',
    conversationsLoadFailed: '无法加载会话：{reason}',
    focusedCaseNoChat: '当前个案中没有你参与的聊天。',
    messagesLoadFailed: '无法加载消息：{reason}',
    earlierLoadFailed: '无法加载更早的消息：{reason}',
    earlierUnavailable: '无法加载更早的消息。',
    historyNoAnswer: 'Salesforce 未响应历史消息请求。',
    messageTooLong: '消息最多 {max} 个字符。',
    fileNotSent: '{name} 未发送：{reason}',
    theFile: '该文件',
    chatStatus: '聊天：{state}',
    connecting: '正在连接…',
    connected: '已连接',
    reconnecting: '正在重新连接…',
    offline: '离线',
    signedOut: '已退出',
    desktopNotifications: '桌面通知',
    desktopNotificationsOn: '提醒：开',
    desktopNotificationsOff: '提醒：关',
    desktopNotificationsBlocked: '此浏览器的网站设置已阻止桌面通知。',
    caseConversations: '个案会话',
    filterPlaceholder: '按个案、主题或客户筛选',
    filterConversations: '筛选会话',
    conversationsShown: '显示的会话',
    countOf: '{matching} / {total}',
    loadingConversations: '正在加载会话…',
    conversationsUnavailable: '无法获取会话',
    showMore: '显示更多',
    noChatsYet: '暂无个案聊天。个案分配给你后，聊天会显示在这里。',
    noFilterMatch: '没有符合筛选条件的会话。',
    unreadCount: '{count} 条未读',
    waitingSeconds: '已等待 {s} 秒',
    waitingMinutes: '已等待 {m} 分钟',
    waitingHours: '已等待 {h} 小时 {m} 分钟',
    conversation: '会话',
    backToConversations: '返回会话列表',
    back: '返回',
    openCase: '打开个案',
    messages: '消息记录',
    loadingMessages: '正在加载消息…',
    messagesUnavailable: '无法获取消息',
    loadEarlier: '加载更早的消息',
    loadingBeforeJoined: '正在加载你加入之前的消息…',
    noMessagesYet: '暂无消息。',
    messagesBeforeJoined: '你加入之前的消息',
    youJoined: '你已加入',
    messageBox: '消息',
    composerPlaceholder: '输入消息（Enter 发送，Shift+Enter 换行）',
    attachImage: '附加图片',
    attachImageShort: '+ 图片',
    attachFile: '附加文件',
    attachFileShort: '+ 文件',
    send: '发送',
    announceMessage: '{sender}：{text}',
    announceOtherMessage: '个案 {caseNumber} 有来自 {sender} 的新消息',
    announceAssigned: '新分配的聊天：个案 {caseNumber}，{subject}',
    notifyMessageTitle: '个案 {caseNumber}：{sender}',
    notifyAssignedTitle: '新聊天：个案 {caseNumber}',
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
