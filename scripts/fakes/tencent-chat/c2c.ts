/**
 * One-to-one (C2C) messaging in the fake: the REST commands `openim/sendmsg` and `openim/admin_set_msg_read`, the
 * real-time ops a chat client uses (send, history, mark read), and the C2C webhooks the real service sends after each
 * (C2C.CallbackAfterSendMsg, also for messages the admin sends by REST unless ForbidCallbackControl says otherwise;
 * C2C.CallbackAfterMsgReport after a read report).
 */
import { TencentError, TencentErrorCode } from './errors.js';
import type { ChatState } from './chat-state.js';
import { DEDUPE_WINDOW_MS } from './chat-state.js';
import { elementToRest, parseElements, parseRestMsgBody, restToElement } from './messages.js';
import type { FakeElement, RestMsgElement } from './messages.js';
import type { CallbackSender } from './callback-sender.js';
import type { CommandHandler } from './rest-commands.js';

/** Error Tencent answers when the C2C recipient was never imported. */
export const C2C_RECIPIENT_INVALID = 20003;

export interface C2CMessageView {
    from: string;
    to: string;
    seq: number;
    random: number;
    /** epoch ms */
    time: number;
    msgKey: string;
    elements: FakeElement[];
    msgBody: RestMsgElement[];
    cloudCustomData: string;
    onlineOnly: boolean;
}

export interface C2CPush {
    /** pushes a real-time frame to a connected user */
    (userId: string, frame: Record<string, unknown>): void;
}

type Body = Record<string, unknown>;

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

export class C2CMessaging {
    private readonly conversations = new Map<string, C2CMessageView[]>();
    /** reader → peer → last read time (unix s) */
    private readonly readTimes = new Map<string, Map<string, number>>();
    private seq = 0;
    private push: C2CPush = () => undefined;

    constructor(
        private readonly state: ChatState,
        private readonly callbacks: CallbackSender,
        private readonly adminIdentifier: string,
        private readonly now: () => number,
    ) {}

    setPush(push: C2CPush): void {
        this.push = push;
    }

    messages(a: string, b: string): C2CMessageView[] {
        return [...(this.conversations.get(pairKey(a, b)) ?? [])];
    }

    readTime(reader: string, peer: string): number {
        return this.readTimes.get(reader)?.get(peer) ?? 0;
    }

    reset(): void {
        this.conversations.clear();
        this.readTimes.clear();
    }

    send(input: {
        from: string;
        to: string;
        random: number;
        msgBody: RestMsgElement[];
        cloudCustomData?: string;
        onlineOnly?: boolean;
        afterCallback?: boolean;
        optPlatform?: string;
    }): C2CMessageView {
        if (!this.state.hasAccount(input.to))
            throw new TencentError(C2C_RECIPIENT_INVALID, `To_Account ${input.to} is invalid or not imported`);
        if (!this.state.hasAccount(input.from))
            throw new TencentError(TencentErrorCode.ACCOUNT_NOT_IMPORTED, `From_Account ${input.from} is not imported`);
        const key = pairKey(input.from, input.to);
        const list = this.conversations.get(key) ?? [];
        const nowMs = this.now();
        const body = JSON.stringify(input.msgBody);
        const duplicate = list.find(
            (m) =>
                m.from === input.from &&
                m.random === input.random &&
                nowMs - m.time <= DEDUPE_WINDOW_MS &&
                JSON.stringify(m.msgBody) === body,
        );
        if (duplicate) return duplicate;
        const seq = ++this.seq;
        const time = nowMs;
        const message: C2CMessageView = {
            from: input.from,
            to: input.to,
            seq,
            random: input.random,
            time,
            msgKey: `${seq}_${input.random}_${Math.floor(time / 1000)}`,
            elements: input.msgBody.map(restToElement),
            msgBody: input.msgBody,
            cloudCustomData: input.cloudCustomData ?? '',
            onlineOnly: input.onlineOnly ?? false,
        };
        if (!message.onlineOnly) {
            list.push(message);
            this.conversations.set(key, list);
        }
        const wire = toWire(message);
        this.push(input.to, { type: 'event', event: 'c2cMessage', message: wire });
        this.push(input.from, { type: 'event', event: 'c2cMessage', message: wire });
        if (input.afterCallback !== false) {
            this.callbacks.send(
                'C2C.CallbackAfterSendMsg',
                {
                    From_Account: message.from,
                    To_Account: message.to,
                    MsgSeq: message.seq,
                    MsgRandom: message.random,
                    MsgTime: Math.floor(message.time / 1000),
                    MsgKey: message.msgKey,
                    OnlineOnlyFlag: message.onlineOnly ? 1 : 0,
                    SendMsgResult: 0,
                    ErrorInfo: 'send msg succeed',
                    UnreadMsgNum: this.unread(message.to, message.from),
                    MsgBody: message.msgBody,
                    CloudCustomData: message.cloudCustomData,
                    EventTime: this.now(),
                },
                input.optPlatform,
            );
        }
        return message;
    }

    markRead(reader: string, peer: string, readTimeSeconds: number, optPlatform?: string): void {
        if (!this.state.hasAccount(reader) || !this.state.hasAccount(peer))
            throw new TencentError(
                TencentErrorCode.ACCOUNT_NOT_IMPORTED,
                'Report_Account and Peer_Account must be imported',
            );
        const peers = this.readTimes.get(reader) ?? new Map<string, number>();
        peers.set(peer, Math.max(peers.get(peer) ?? 0, readTimeSeconds));
        this.readTimes.set(reader, peers);
        this.push(peer, { type: 'event', event: 'c2cRead', reader, peer, readTime: peers.get(peer) });
        this.push(reader, { type: 'event', event: 'c2cRead', reader, peer, readTime: peers.get(peer) });
        this.callbacks.send(
            'C2C.CallbackAfterMsgReport',
            {
                Report_Account: reader,
                Peer_Account: peer,
                LastReadTime: peers.get(peer),
                UnreadMsgNum: this.unread(reader, peer),
                EventTime: this.now(),
            },
            optPlatform,
        );
    }

    /** Messages from `peer` to `reader` after the reader's last read time. */
    private unread(reader: string, peer: string): number {
        const since = this.readTime(reader, peer);
        return this.messages(reader, peer).filter((m) => m.from === peer && Math.floor(m.time / 1000) > since).length;
    }

    /** REST handlers, keyed "service/command". */
    commands(): Map<string, CommandHandler> {
        const handlers = new Map<string, CommandHandler>();
        handlers.set('openim/sendmsg', (body) => {
            const to = body['To_Account'];
            if (typeof to !== 'string' || to === '') throw invalid('To_Account is required');
            const fromRaw = body['From_Account'];
            if (fromRaw !== undefined && (typeof fromRaw !== 'string' || fromRaw === ''))
                throw invalid('From_Account must be a non-empty string');
            const random = body['MsgRandom'];
            if (typeof random !== 'number' || !Number.isInteger(random) || random < 0 || random > 4294967295)
                throw invalid('MsgRandom must be a 32-bit unsigned integer');
            const sync = body['SyncOtherMachine'];
            if (sync !== undefined && sync !== 1 && sync !== 2) throw invalid('SyncOtherMachine must be 1 or 2');
            const lifeTime = body['MsgLifeTime'];
            if (
                lifeTime !== undefined &&
                (typeof lifeTime !== 'number' || !Number.isInteger(lifeTime) || lifeTime < 0 || lifeTime > 604800)
            )
                throw invalid('MsgLifeTime must be 0 to 604800 seconds');
            const custom = body['CloudCustomData'];
            if (custom !== undefined && typeof custom !== 'string') throw invalid('CloudCustomData must be a string');
            const forbid = body['ForbidCallbackControl'];
            if (forbid !== undefined && (!Array.isArray(forbid) || !forbid.every((f) => typeof f === 'string')))
                throw invalid('ForbidCallbackControl must be an array of strings');
            const message = this.send({
                from: fromRaw ?? this.adminIdentifier,
                to,
                random,
                msgBody: parseRestMsgBody(body['MsgBody']),
                ...(typeof custom === 'string' ? { cloudCustomData: custom } : {}),
                onlineOnly: lifeTime === 0,
                afterCallback: !(Array.isArray(forbid) && forbid.includes('ForbidAfterSendMsgCallback')),
            });
            return { MsgTime: Math.floor(message.time / 1000), MsgKey: message.msgKey };
        });
        handlers.set('openim/admin_set_msg_read', (body) => {
            const reader = body['Report_Account'];
            const peer = body['Peer_Account'];
            if (typeof reader !== 'string' || reader === '') throw invalid('Report_Account is required');
            if (typeof peer !== 'string' || peer === '') throw invalid('Peer_Account is required');
            const timeRaw = body['MsgReadTime'];
            if (timeRaw !== undefined && (typeof timeRaw !== 'string' || !/^\d{1,12}$/.test(timeRaw)))
                throw invalid('MsgReadTime must be a string of unix seconds');
            this.markRead(reader, peer, timeRaw === undefined ? Math.floor(this.now() / 1000) : Number(timeRaw));
            return {};
        });
        return handlers;
    }

    /** Real-time ops for chat clients (the fake's WebSocket protocol). */
    ops(): Map<string, (userId: string, frame: Body) => Record<string, unknown>> {
        const ops = new Map<string, (userId: string, frame: Body) => Record<string, unknown>>();
        const peerOf = (frame: Body) => {
            const peer = frame['peer'];
            if (typeof peer !== 'string' || peer === '') throw invalid('peer is required');
            return peer;
        };
        ops.set('sendC2C', (userId, frame) => {
            const random = frame['random'];
            if (typeof random !== 'number' || !Number.isInteger(random) || random < 0 || random > 4294967295)
                throw invalid('random must be a 32-bit unsigned integer');
            const elements = parseElements(frame['elements']);
            const message = this.send({
                from: userId,
                to: peerOf(frame),
                random,
                msgBody: parseRestMsgBody(elements.map(elementToRest)),
                onlineOnly: frame['onlineOnly'] === true,
                optPlatform: 'Web',
            });
            return { message: toWire(message) };
        });
        ops.set('getC2CMessages', (userId, frame) => {
            const peer = peerOf(frame);
            return {
                peer,
                messages: this.messages(userId, peer).map(toWire),
                peerReadTime: this.readTime(peer, userId),
            };
        });
        ops.set('markC2CRead', (userId, frame) => {
            const peer = peerOf(frame);
            this.markRead(userId, peer, Math.floor(this.now() / 1000), 'Web');
            return { peer, readTime: this.readTime(userId, peer) };
        });
        return ops;
    }
}

function invalid(info: string): TencentError {
    return new TencentError(TencentErrorCode.INVALID_PARAM, info);
}

export function toWire(m: C2CMessageView): Record<string, unknown> {
    return {
        from: m.from,
        to: m.to,
        seq: m.seq,
        random: m.random,
        time: m.time,
        msgKey: m.msgKey,
        elements: m.elements,
        cloudCustomData: m.cloudCustomData,
        onlineOnly: m.onlineOnly,
    };
}
