import { LightningElement, api } from 'lwc';

const LABELS: Record<string, string> = {
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    offline: 'Offline',
    signedOut: 'Signed out',
};

/** One line with the connection state (announced politely to screen readers). */
export default class StatusBar extends LightningElement {
    @api state = 'connecting';

    get label(): string {
        return LABELS[this.state] ?? this.state;
    }

    get dotClass(): string {
        return `dot dot-${this.state}`;
    }
}
