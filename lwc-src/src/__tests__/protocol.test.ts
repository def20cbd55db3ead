import { parseHostMessage } from '../protocol/validate';
import { widgetMessage } from '../protocol/messages';
import { isRecordId, toCaseId18, toId18 } from '../protocol/salesforce-id';

const env = (type: string, payload: unknown, extra: Record<string, unknown> = {}) => ({
    protocol: 'tim-bar',
    version: 1,
    type,
    payload,
    ...extra,
});
const session = { sdkAppId: 1400000000, userId: '005000000000001AAA', userSig: 'sig', expiresAt: 1763700000000 };
const CASE_15 = '500000000000001';
const CASE_18 = '500000000000001AAA';

describe('salesforce ids', () => {
    it('computes the 18-char checksum (known vector)', () => {
        expect(toId18('0036000000QKv5T')).toBe('0036000000QKv5TAAT');
        expect(toId18('0036000000QKv5TAAT')).toBe('0036000000QKv5TAAT');
    });
    it('rejects a wrong checksum, bad charset and non-Case prefixes', () => {
        expect(toId18('0036000000QKv5TAAB')).toBeNull();
        expect(toId18('0036000000QKv5<')).toBeNull();
        expect(toCaseId18('0036000000QKv5T')).toBeNull();
        expect(toCaseId18(CASE_15)).toBe(CASE_18);
        expect(isRecordId('javascript:alert(1)')).toBe(false);
    });
});

describe('parseHostMessage', () => {
    it('accepts a v1 session and keeps optional SDK proxy endpoints', () => {
        const endpoints = {
            proxyServer: 'wss://im-proxy.example.com',
            fileUploadProxy: 'https://files.example.com',
            fileDownloadProxy: 'https://files.example.com',
        };
        const r = parseHostMessage(env('session', { ...session, ...endpoints, endpoint: { kind: 'scripted' } }));
        expect(r.ok && r.value.type === 'session' && r.value.payload).toEqual({ ...session, ...endpoints });
    });
    it.each([
        ['not an object', 'hello'],
        ['another protocol', { ...env('session', session), protocol: 'other' }],
        ['another version', { ...env('session', session), version: 2 }],
        ['an unknown type', env('runScript', { code: 'alert(1)' })],
        ['a missing payload', { protocol: 'tim-bar', version: 1, type: 'session' }],
        ['a string sdkAppId', env('session', { ...session, sdkAppId: '1400000000' })],
        ['an empty userSig', env('session', { ...session, userSig: '' })],
        ['a too long userId', env('session', { ...session, userId: 'x'.repeat(33) })],
        ['expiresAt in seconds as a string', env('session', { ...session, expiresAt: '1763700000' })],
        ['an http proxyServer', env('session', { ...session, proxyServer: 'http://x' })],
        ['a javascript: file proxy', env('session', { ...session, fileDownloadProxy: 'javascript:alert(1)' })],
        ['a non-Case focusCase', env('focusCase', { caseId: '0036000000QKv5T' })],
        [
            'a malformed history page',
            env('history', {
                caseId: CASE_18,
                page: { groupId: CASE_18, messages: [{ seq: 'a' }], nextBefore: null, isFinished: true },
            }),
        ],
        [
            'a history page without isFinished',
            env('history', { caseId: CASE_18, page: { groupId: CASE_18, messages: [], nextBefore: null } }),
        ],
        ['a long id', env('focusCase', { caseId: CASE_18 }, { id: 'x'.repeat(65) })],
    ])('rejects %s', (_label, raw) => {
        expect(parseHostMessage(raw).ok).toBe(false);
    });
    it('normalises case ids to 18 chars', () => {
        const r = parseHostMessage(env('focusCase', { caseId: CASE_15 }));
        expect(r.ok && r.value.payload).toEqual({ caseId: CASE_18 });
    });
    it('accepts a relay history page and maps unknown element kinds to "unsupported"', () => {
        const page = {
            groupId: CASE_18,
            messages: [
                {
                    seq: 3,
                    random: 1,
                    from: 'cust_a',
                    time: 1,
                    elements: [
                        { type: 'text', text: 'hi' },
                        { type: 'sticker', id: 1 },
                    ],
                },
                {
                    seq: 4,
                    random: 2,
                    from: 'cust_a',
                    time: 2,
                    elements: [{ type: 'file', url: 'https://f', name: 'a.pdf', size: 3 }],
                },
            ],
            nextBefore: 2,
            isFinished: false,
        };
        const r = parseHostMessage(env('history', { caseId: CASE_18, page }));
        expect(r.ok).toBe(true);
        if (r.ok && r.value.type === 'history') {
            expect(r.value.payload.page.messages[0]?.elements[1]).toEqual({ type: 'unsupported' });
            expect(r.value.payload.page.nextBefore).toBe(2);
        }
    });
    it('accepts sessionError and historyError', () => {
        expect(parseHostMessage(env('sessionError', { message: 'no' })).ok).toBe(true);
        expect(parseHostMessage(env('historyError', { caseId: CASE_18, message: 'no' })).ok).toBe(true);
        expect(parseHostMessage(env('historyError', { message: 'no' })).ok).toBe(false);
    });
});

describe('host messages of language, notifications and the utility panel', () => {
    it('accepts the locale with Salesforce keys and an IANA zone, and rejects anything else', () => {
        const ok = parseHostMessage(env('locale', { language: 'zh_CN', locale: 'en_GB', timeZone: 'Asia/Shanghai' }));
        expect(ok).toEqual({
            ok: true,
            value: env('locale', { language: 'zh_CN', locale: 'en_GB', timeZone: 'Asia/Shanghai' }),
        });
        expect(
            parseHostMessage(
                env('locale', { language: 'zh-Hans-CN', locale: 'es_419', timeZone: 'America/Argentina/Buenos_Aires' }),
            ).ok,
        ).toBe(true);
        for (const bad of [
            { language: 'zh_CN', locale: 'zh_CN' },
            { language: '<img src=x>', locale: 'zh_CN', timeZone: 'Asia/Shanghai' },
            { language: 'zh_CN', locale: 'zh_CN', timeZone: '../../etc/passwd' },
            { language: 'zh_CN', locale: 7, timeZone: 'GMT' },
            { language: 'x'.repeat(30), locale: 'zh_CN', timeZone: 'GMT' },
        ]) {
            expect(parseHostMessage(env('locale', bad)).ok).toBe(false);
        }
    });

    it('accepts the four desktop-notification states and a boolean panel visibility only', () => {
        for (const desktop of ['on', 'off', 'blocked', 'unsupported'])
            expect(parseHostMessage(env('notifications', { desktop })).ok).toBe(true);
        expect(parseHostMessage(env('notifications', { desktop: 'granted' })).ok).toBe(false);
        expect(parseHostMessage(env('notifications', { desktop: 'constructor' })).ok).toBe(false);
        expect(parseHostMessage(env('utilityVisibility', { visible: false })).ok).toBe(true);
        expect(parseHostMessage(env('utilityVisibility', { visible: 'false' })).ok).toBe(false);
    });
});

describe('widgetMessage', () => {
    it('builds a v1 envelope', () => {
        expect(widgetMessage('unread', { count: 3 })).toEqual({
            protocol: 'tim-bar',
            version: 1,
            type: 'unread',
            payload: { count: 3 },
        });
        expect(widgetMessage('ready', {}, 'r1').id).toBe('r1');
    });
});

describe('Quick Text host messages', () => {
    const QT = '574000000000001AAA';
    const item = { id: QT, name: 'Refund', message: 'Hello {!Contact.FirstName}', category: 'Billing' };

    it('accepts results and errors for a request, items with their four fields only', () => {
        const r = parseHostMessage(
            env('quickTextResults', { requestId: 'q1', items: [item, { ...item, category: null, extra: 1 }] }),
        );
        expect(r.ok && r.value.payload).toEqual({
            requestId: 'q1',
            items: [item, { id: QT, name: 'Refund', message: 'Hello {!Contact.FirstName}' }],
        });
        const e = parseHostMessage(env('quickTextError', { requestId: 'q2', message: 'No access' }));
        expect(e.ok && e.value.payload).toEqual({ requestId: 'q2', message: 'No access' });
    });

    it('rejects malformed results instead of showing part of them', () => {
        for (const payload of [
            { items: [item] },
            { requestId: 'has space', items: [item] },
            { requestId: 'q', items: 'x' },
            { requestId: 'q', items: Array.from({ length: 21 }, () => item) },
            { requestId: 'q', items: [{ ...item, id: 'javascript:alert(1)' }] },
            { requestId: 'q', items: [{ ...item, name: '  ' }] },
            { requestId: 'q', items: [{ ...item, message: 'x'.repeat(4097) }] },
            { requestId: 'q', items: [{ ...item, message: 5 }] },
        ])
            expect(parseHostMessage(env('quickTextResults', payload)).ok).toBe(false);
        expect(parseHostMessage(env('quickTextError', { requestId: 'q' })).ok).toBe(false);
    });

    it("keeps the agent's names from the session, trimmed, and drops malformed ones", () => {
        const r = parseHostMessage(env('session', { ...session, userName: ' Alice Agent ', userFirstName: 7 }));
        expect(r.ok && r.value.payload).toEqual({ ...session, userName: 'Alice Agent' });
    });
});
