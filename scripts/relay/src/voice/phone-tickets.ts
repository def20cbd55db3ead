/**
 * One-time tickets for the agent phone page: `POST /v1/agents/voice-session` mints one, the console frames
 * `/voice/phone?ticket=…`, and the first GET consumes it. A ticket only says which agent and seat the page is for (no
 * token travels in the URL) and lives about two minutes. Kept in Redis when REDIS_URL is set (any replica may serve
 * the page; GETDEL makes "first use wins" atomic), otherwise in process memory.
 */
import { randomBytes } from 'node:crypto';

export const PHONE_TICKET_TTL_MS = 120_000;
export const PHONE_TICKET = /^[A-Za-z0-9_-]{43}$/;

export interface PhoneTicket {
    userId: string;
    seatUserId: string;
}

export interface PhoneTicketStore {
    put(ticket: string, value: PhoneTicket, ttlMs: number): Promise<void>;
    /** The ticket's value, removed so that a second take finds nothing; null when unknown or expired. */
    take(ticket: string): Promise<PhoneTicket | null>;
}

export const newPhoneTicket = () => randomBytes(32).toString('base64url');

export class MemoryPhoneTickets implements PhoneTicketStore {
    private readonly tickets = new Map<string, { value: PhoneTicket; expiresAt: number }>();

    constructor(private readonly now: () => number = () => Date.now()) {}

    async put(ticket: string, value: PhoneTicket, ttlMs: number): Promise<void> {
        const now = this.now();
        for (const [k, v] of this.tickets) if (v.expiresAt <= now) this.tickets.delete(k);
        this.tickets.set(ticket, { value, expiresAt: now + ttlMs });
    }

    async take(ticket: string): Promise<PhoneTicket | null> {
        const entry = this.tickets.get(ticket);
        this.tickets.delete(ticket);
        return entry && entry.expiresAt > this.now() ? entry.value : null;
    }
}

/** The Redis commands the store uses (ioredis). */
interface TicketCommands {
    set(key: string, value: string, px: 'PX', ms: number): Promise<unknown>;
    getdel(key: string): Promise<string | null>;
}

export class RedisPhoneTickets implements PhoneTicketStore {
    constructor(
        private readonly redis: TicketCommands,
        private readonly prefix = 'relay-voice-ticket:',
    ) {}

    async put(ticket: string, value: PhoneTicket, ttlMs: number): Promise<void> {
        await this.redis.set(this.prefix + ticket, JSON.stringify(value), 'PX', ttlMs);
    }

    async take(ticket: string): Promise<PhoneTicket | null> {
        const raw = await this.redis.getdel(this.prefix + ticket);
        if (raw === null) return null;
        const v = JSON.parse(raw) as Partial<PhoneTicket>;
        return typeof v.userId === 'string' && typeof v.seatUserId === 'string'
            ? { userId: v.userId, seatUserId: v.seatUserId }
            : null;
    }
}
