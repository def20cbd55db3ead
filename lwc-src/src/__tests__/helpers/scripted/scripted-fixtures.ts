import type { ChatConversation, ChatMessage } from '../../../chat/chat-types';
import { toCaseId18 } from '../../../protocol/salesforce-id';

export interface ScriptedFixture {
    conversations: ChatConversation[];
    /** Messages the chat service shows this agent, per group (the service hides what was sent before they joined). */
    messages: Map<string, ChatMessage[]>;
    pageSize: number;
}

/** A Case id for the n-th fixture case (valid 18-char form). */
export function fixtureCaseId(n: number): string {
    return toCaseId18('500' + String(n).padStart(12, '0')) as string;
}

const BASE_TIME = Date.UTC(2026, 10, 20, 9, 0, 0);

function msg(groupId: string, seq: number, from: string, nick: string, text: string, selfId: string): ChatMessage {
    return {
        groupId,
        seq,
        clientId: `s${groupId}-${seq}`,
        from,
        nick,
        mine: from === selfId,
        time: BASE_TIME + seq * 60_000,
        body: { kind: 'text', text },
        delivery: 'sent',
        origin: 'live',
    };
}

function conv(
    n: number,
    subject: string,
    customerName: string,
    customerId: string,
    lastTime: number,
    unread: number,
    lastText: string,
): ChatConversation {
    const caseNumber = String(1000 + n).padStart(8, '0');
    return {
        groupId: fixtureCaseId(n),
        groupName: `${caseNumber} ${subject}`.slice(0, 30),
        caseNumber,
        subject,
        customerName,
        customerId,
        unread,
        lastText,
        lastTime,
        muted: false,
    };
}

/** Three cases: one whose early messages are only in the history (agent joined late), one unread, one quiet. */
export function demoFixture(selfId: string): ScriptedFixture {
    const a = conv(1, 'Cannot log in', 'Ada Lovelace', 'cust_ada', BASE_TIME + 7 * 60_000, 0, 'Thanks, trying now');
    const b = conv(2, 'Refund for order 1234', 'Grace Hopper', 'cust_grace', BASE_TIME + 3 * 60_000, 2, 'Any news?');
    const c = conv(3, 'Printer on fire', 'Alan Turing', 'cust_alan', BASE_TIME - 86_400_000, 0, 'It works again');
    const messages = new Map<string, ChatMessage[]>([
        [
            a.groupId,
            [
                msg(a.groupId, 5, selfId, '', 'Hi Ada, I am looking at your case now.', selfId),
                msg(
                    a.groupId,
                    6,
                    'cust_ada',
                    'Ada Lovelace',
                    'Great, see https://example.com/status for the error.',
                    selfId,
                ),
                msg(a.groupId, 7, 'cust_ada', 'Ada Lovelace', 'Thanks, trying now', selfId),
            ],
        ],
        [
            b.groupId,
            [
                msg(b.groupId, 1, 'cust_grace', 'Grace Hopper', 'I was charged twice.', selfId),
                msg(b.groupId, 2, 'cust_grace', 'Grace Hopper', 'Order 1234.', selfId),
                msg(b.groupId, 3, 'cust_grace', 'Grace Hopper', 'Any news?', selfId),
            ],
        ],
        [c.groupId, [msg(c.groupId, 1, 'cust_alan', 'Alan Turing', 'It works again', selfId)]],
    ]);
    return { conversations: [a, b, c], messages, pageSize: 15 };
}

/** 500 conversations; the most recent one holds a 5,000-message thread (served in one page). */
export function benchFixture(selfId: string): ScriptedFixture {
    const conversations: ChatConversation[] = [];
    const messages = new Map<string, ChatMessage[]>();
    for (let i = 1; i <= 500; i++) {
        conversations.push(
            conv(
                i,
                `Benchmark case ${i}`,
                `Customer ${i}`,
                `cust_${i}`,
                BASE_TIME - i * 60_000,
                i % 7 === 0 ? 1 : 0,
                `Last message ${i}`,
            ),
        );
    }
    const big = conversations[0] as ChatConversation;
    big.lastTime = BASE_TIME + 5001 * 60_000;
    const thread: ChatMessage[] = [];
    for (let s = 1; s <= 5000; s++) {
        const from = s % 3 === 0 ? selfId : 'cust_1';
        thread.push(
            msg(
                big.groupId,
                s,
                from,
                from === selfId ? '' : 'Customer 1',
                `Message number ${s} with a link https://example.com/${s}`,
                selfId,
            ),
        );
    }
    messages.set(big.groupId, thread);
    return { conversations, messages, pageSize: 5000 };
}

/** The demo cases, case 3 also holding an image and a file (the accessibility check's thread with attachments). */
export function attachmentsFixture(selfId: string): ScriptedFixture {
    const f = demoFixture(selfId);
    const groupId = fixtureCaseId(3);
    const base = msg(groupId, 2, 'cust_alan', 'Alan Turing', '', selfId);
    f.messages.set(groupId, [
        ...(f.messages.get(groupId) ?? []),
        { ...base, body: { kind: 'image', url: 'https://example.com/smoke.png', name: 'smoke.png' } },
        {
            ...base,
            seq: 3,
            clientId: `s${groupId}-3`,
            body: { kind: 'file', url: 'https://example.com/log.txt', name: 'printer-log.txt', size: 20_480 },
        },
    ]);
    return f;
}

/** An agent with no case chats yet. */
export function emptyFixture(): ScriptedFixture {
    return { conversations: [], messages: new Map(), pageSize: 15 };
}

export function fixtureByName(name: string, selfId: string): ScriptedFixture {
    if (name === 'bench') return benchFixture(selfId);
    if (name === 'attachments') return attachmentsFixture(selfId);
    if (name === 'empty') return emptyFixture();
    return demoFixture(selfId);
}
