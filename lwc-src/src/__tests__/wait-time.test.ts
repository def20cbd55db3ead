import { customerWaitingSince, waitLabel } from '../store/wait-time';
import { conversationItem } from '../view/view-model';
import type { ChatMessage } from '../chat/chat-types';

const CUSTOMER = 'cust_1';
const AGENT = '005000000000001AAA';
const msg = (from: string, time: number, mine = false): ChatMessage =>
    ({
        groupId: 'g',
        seq: time,
        clientId: String(time),
        from,
        nick: '',
        mine,
        time,
        body: { kind: 'text', text: 'x' },
        delivery: 'sent',
        origin: 'live',
    }) as unknown as ChatMessage;

describe('how long the customer has waited for a reply', () => {
    it('counts from the first customer message after the last agent message', () => {
        expect(
            customerWaitingSince(
                [msg(CUSTOMER, 1000), msg(AGENT, 2000), msg(CUSTOMER, 3000), msg(CUSTOMER, 4000)],
                CUSTOMER,
            ),
        ).toBe(3000);
        expect(customerWaitingSince([msg(CUSTOMER, 1000), msg('administrator', 1500)], CUSTOMER)).toBe(1000);
    });

    it('is not waiting when an agent (or this agent) wrote last, or the customer never wrote', () => {
        expect(customerWaitingSince([msg(CUSTOMER, 1000), msg(AGENT, 2000)], CUSTOMER)).toBeNull();
        expect(customerWaitingSince([msg(CUSTOMER, 1000), msg('me', 2000, true)], CUSTOMER)).toBeNull();
        expect(customerWaitingSince([msg('administrator', 1000)], CUSTOMER)).toBeNull();
        expect(customerWaitingSince([], CUSTOMER)).toBeNull();
    });

    it('labels the wait and shows it on the conversation row', () => {
        expect(waitLabel(null, 0)).toBe('');
        expect(waitLabel(0, 45_000)).toBe('Waiting 45 s');
        expect(waitLabel(0, 3 * 60_000 + 5_000)).toBe('Waiting 3 min');
        expect(waitLabel(0, 65 * 60_000)).toBe('Waiting 1 h 5 min');
        const c = {
            groupId: 'g',
            groupName: '',
            caseNumber: '00001001',
            subject: 'Help',
            customerName: 'Ada',
            customerId: CUSTOMER,
            unread: 0,
            lastText: '',
            lastTime: 0,
            muted: false,
        };
        const row = conversationItem(c, 120_000, 0);
        expect(row).toMatchObject({ hasWait: true, waitLabel: 'Waiting 2 min' });
        expect(conversationItem(c, 120_000).hasWait).toBe(false);
    });
});
