/**
 * The fake contact center's state: seats, SDK login tokens, logged-in agent SDKs (each with an event stream), and
 * calls. Calls ring one seat; the agent answers or hangs up through the SDK; the sandbox places, transfers and ends
 * calls through the control API. Events carry the payload keys of the TCCC agent SDK's documented events.
 */
import { randomBytes } from 'node:crypto';

export type SdkEventName = 'ready' | 'tokenExpired' | 'callIn' | 'userAccessed' | 'transfer' | 'sessionEnded';
export type CloseBy = 'seat' | 'client' | 'admin';
export type CallState = 'ringing' | 'talking' | 'ended' | 'transferred';

export interface SdkEvent {
    event: SdkEventName;
    payload: Record<string, unknown>;
}

export interface LoginToken {
    token: string;
    seatUserId: string;
    /** epoch ms */
    expiresAt: number;
    onlyOnce: boolean;
    used: boolean;
}

export interface FakeCall {
    sessionId: string;
    callerPhoneNumber: string;
    calleePhoneNumber: string;
    seatUserId: string;
    state: CallState;
    /** epoch ms */
    ringingAt: number;
    answeredAt: number | null;
    endedAt: number | null;
    closeBy: CloseBy | null;
}

export interface AgentSession {
    id: string;
    seatUserId: string;
    expiresAt: number;
    status: string;
    listeners: Set<(e: SdkEvent) => void>;
    /** events raised while no stream was open, delivered when one opens */
    backlog: SdkEvent[];
}

export class CallCenterError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}

const randomId = (bytes: number) => randomBytes(bytes).toString('hex');

export class CallCenter {
    readonly seats = new Set<string>();
    readonly tokens = new Map<string, LoginToken>();
    readonly agents = new Map<string, AgentSession>();
    readonly callsById = new Map<string, FakeCall>();
    private nextCall = 1;

    constructor(
        private readonly now: () => number,
        readonly calleeNumber: string,
    ) {}

    issueToken(seatUserId: string, ttlSeconds: number, onlyOnce: boolean): LoginToken {
        const token: LoginToken = {
            token: randomId(16),
            seatUserId,
            expiresAt: this.now() + ttlSeconds * 1000,
            onlyOnce,
            used: false,
        };
        this.tokens.set(token.token, token);
        return token;
    }

    /** The agent SDK logs in with its token; the seat must be the one the token was made for. */
    login(token: string, seatUserId: string): AgentSession {
        const t = this.tokens.get(token);
        if (!t || t.seatUserId !== seatUserId)
            throw new CallCenterError(401, 'InvalidToken', 'The token is not valid for this seat');
        if (t.expiresAt <= this.now()) throw new CallCenterError(401, 'TokenExpired', 'The token expired');
        if (t.onlyOnce && t.used) throw new CallCenterError(401, 'TokenUsed', 'The one-time token was used already');
        t.used = true;
        const session: AgentSession = {
            id: randomId(16),
            seatUserId,
            expiresAt: t.expiresAt,
            status: 'free',
            listeners: new Set(),
            backlog: [],
        };
        this.agents.set(session.id, session);
        return session;
    }

    agent(id: string): AgentSession {
        const a = this.agents.get(id);
        if (!a) throw new CallCenterError(401, 'NotLoggedIn', 'Unknown agent session');
        if (a.expiresAt <= this.now()) throw new CallCenterError(401, 'TokenExpired', 'The token expired');
        return a;
    }

    /** Subscribes to an agent's events; the backlog is delivered first. Returns the unsubscribe function. */
    subscribe(agentId: string, listener: (e: SdkEvent) => void): () => void {
        const a = this.agent(agentId);
        for (const e of a.backlog.splice(0)) listener(e);
        a.listeners.add(listener);
        return () => a.listeners.delete(listener);
    }

    private emit(seatUserId: string, e: SdkEvent): void {
        for (const a of this.agents.values()) {
            if (a.seatUserId !== seatUserId || a.expiresAt <= this.now()) continue;
            if (a.listeners.size === 0) a.backlog.push(e);
            for (const l of a.listeners) l(e);
        }
    }

    call(sessionId: string): FakeCall {
        const c = this.callsById.get(sessionId);
        if (!c) throw new CallCenterError(404, 'SessionNotExist', 'No such call session');
        return c;
    }

    /** An inbound call from `from` ringing at `seatUserId`. */
    placeCall(from: string, seatUserId: string): FakeCall {
        if (!/^\+?[0-9]{3,20}$/.test(from))
            throw new CallCenterError(400, 'InvalidParameterValue', 'from must be a phone number (digits, optional +)');
        if (!this.seats.has(seatUserId))
            throw new CallCenterError(404, 'InvalidParameterValue.AccountNotExist', 'No such seat');
        const sessionId = `fake-${Date.now().toString(36)}-${this.nextCall++}-${randomId(4)}`;
        const call: FakeCall = {
            sessionId,
            callerPhoneNumber: from,
            calleePhoneNumber: this.calleeNumber,
            seatUserId,
            state: 'ringing',
            ringingAt: this.now(),
            answeredAt: null,
            endedAt: null,
            closeBy: null,
        };
        this.callsById.set(sessionId, call);
        this.ring(call);
        return call;
    }

    private ring(call: FakeCall): void {
        this.emit(call.seatUserId, {
            event: 'callIn',
            payload: {
                sessionId: call.sessionId,
                calleePhoneNumber: call.calleePhoneNumber,
                callerPhoneNumber: call.callerPhoneNumber,
                protectedCaller: false,
                callerLocation: '',
                ivrPath: [],
                remark: '',
                timeout: 30,
            },
        });
    }

    /** The agent answers (from the SDK). */
    accept(agentId: string, sessionId: string): FakeCall {
        const a = this.agent(agentId);
        const call = this.call(sessionId);
        if (call.seatUserId !== a.seatUserId || call.state !== 'ringing')
            throw new CallCenterError(409, 'FailedOperation', 'The call is not ringing for this seat');
        call.state = 'talking';
        call.answeredAt = this.now();
        a.status = 'busy';
        this.emit(call.seatUserId, { event: 'userAccessed', payload: { sessionId } });
        return call;
    }

    /** Ends a ringing or answered call; `closeBy` says who hung up. */
    end(sessionId: string, closeBy: CloseBy, agentId?: string): FakeCall {
        const call = this.call(sessionId);
        if (agentId !== undefined && this.agent(agentId).seatUserId !== call.seatUserId)
            throw new CallCenterError(409, 'FailedOperation', 'The call is not on this seat');
        if (call.state !== 'ringing' && call.state !== 'talking')
            throw new CallCenterError(409, 'FailedOperation', 'The call has ended');
        const at = this.now();
        const duration = call.answeredAt === null ? 0 : Math.round((at - call.answeredAt) / 1000);
        call.state = 'ended';
        call.endedAt = at;
        call.closeBy = closeBy;
        for (const a of this.agents.values()) if (a.seatUserId === call.seatUserId) a.status = 'arrange';
        this.emit(call.seatUserId, {
            event: 'sessionEnded',
            payload: { sessionId, type: 'phone', duration, closeBy },
        });
        return call;
    }

    /** Moves the call to a skill group or another seat (a seat of this fake then rings). */
    transfer(sessionId: string, target: { skillGroupId?: string; userId?: string }): FakeCall {
        const call = this.call(sessionId);
        if (call.state !== 'ringing' && call.state !== 'talking')
            throw new CallCenterError(409, 'FailedOperation', 'The call has ended');
        if (!target.skillGroupId && !target.userId)
            throw new CallCenterError(400, 'MissingParameter', 'skillGroupId or userId is required');
        const from = call.seatUserId;
        this.emit(from, {
            event: 'transfer',
            payload: { sessionId, skillGroupId: target.skillGroupId ?? '', userId: target.userId ?? '' },
        });
        call.state = 'transferred';
        if (target.userId && this.seats.has(target.userId)) {
            call.seatUserId = target.userId;
            call.state = 'ringing';
            call.answeredAt = null;
            call.ringingAt = this.now();
            this.ring(call);
        }
        return call;
    }

    reset(): void {
        this.tokens.clear();
        this.agents.clear();
        this.callsById.clear();
    }
}
