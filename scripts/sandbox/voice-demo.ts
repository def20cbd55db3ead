/**
 * The sandbox's voice demo data: contacts with phone numbers typed the way people type them, and the numbers to
 * dial for each screen-pop outcome (the sandbox walkthrough and the e2e story use these). No imports: the console
 * page bundles it too.
 */
export const VOICE_DEMO = {
    /** The tim_phone_bar design attribute the sandbox's admin set (numbers stored without a code are North American). */
    defaultCallingCode: '1',
    /** One contact with one open case: the call pops that case. */
    knownCaller: { first: 'Mei', last: 'Chen', field: 'Phone', phone: '(415) 555-0100', dial: '+14155550100' },
    /** One contact, no open case: a new case linked to him. */
    contactWithoutCase: {
        first: 'Luis',
        last: 'Ortega',
        field: 'MobilePhone',
        phone: '+1 415-555-0142',
        dial: '+14155550142',
    },
    /** Two contacts of one household: the agent chooses. */
    household: [
        { first: 'Priya', last: 'Raman', field: 'HomePhone', phone: '415.555.0199' },
        { first: 'Arjun', last: 'Raman', field: 'OtherPhone', phone: '+1 (415) 555 0199' },
    ],
    householdDial: '+14155550199',
    /** Nobody has this number: a new case without a contact. */
    unknownDial: '+14155550123',
    knownCaseSubject: 'Router keeps dropping the line',
} as const;
