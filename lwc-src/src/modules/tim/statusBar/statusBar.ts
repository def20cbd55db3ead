import { LightningElement, api } from 'lwc';
import { label, labels, type LabelKey, type Labels } from '../../../i18n/labels';
import type { DesktopNotificationState } from '../../../protocol/messages';

const STATES: Record<string, LabelKey> = {
    connecting: 'connecting',
    connected: 'connected',
    reconnecting: 'reconnecting',
    offline: 'offline',
    signedOut: 'signedOut',
};

/**
 * One line with the connection state (announced politely to screen readers) and the agent's desktop-notification
 * switch (shown when the host can offer them; disabled when the browser blocks them).
 */
export default class StatusBar extends LightningElement {
    @api state = 'connecting';
    @api notifications: DesktopNotificationState = 'unsupported';

    get labels(): Labels {
        return labels();
    }

    get stateLabel(): string {
        const key = STATES[this.state];
        return label('chatStatus', { state: key ? label(key) : this.state });
    }

    get dotClass(): string {
        return `dot dot-${this.state}`;
    }

    get showNotificationToggle(): boolean {
        return this.notifications !== 'unsupported';
    }

    get alertsPressed(): string {
        return this.notifications === 'on' ? 'true' : 'false';
    }

    get alertsBlocked(): boolean {
        return this.notifications === 'blocked';
    }

    get alertsText(): string {
        return this.notifications === 'on' ? label('desktopNotificationsOn') : label('desktopNotificationsOff');
    }

    get alertsTitle(): string {
        return this.notifications === 'blocked' ? label('desktopNotificationsBlocked') : label('desktopNotifications');
    }

    handleToggle(): void {
        this.dispatchEvent(new CustomEvent('togglenotifications'));
    }
}
