({
    RECORD_ID: /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/,
    STATUS_TEXT: {
        loading: 'Starting the phone…',
        ready: 'Phone ready',
        tokenExpired: 'Renewing the phone login…',
        error: 'The phone has a problem'
    },

    /** Per-instance runtime state (not rendered). */
    state: function (component) {
        var s = component._timPhone;
        if (!s) {
            s = { phone: null, resolveChoice: null };
            component._timPhone = s;
        }
        return s;
    },

    /** tim_voice has loaded: mount the console phone host with this component's ports. */
    mount: function (component) {
        var s = this.state(component);
        if (s.phone || !component.isValid()) return;
        var voice = window.TimVoice;
        if (!voice || typeof voice.mountConsolePhone !== 'function') {
            this.setStatus(component, 'error', 'The phone could not load (static resource tim_voice).');
            return;
        }
        var holder = component.find('phoneFrame');
        s.phone = voice.mountConsolePhone({
            container: holder.getElement(),
            defaultCallingCode: String(component.get('v.defaultCallingCode') || '').trim(),
            ports: this.ports(component)
        });
    },

    destroy: function (component) {
        var s = this.state(component);
        if (s.phone) s.phone.destroy();
        s.phone = null;
        s.resolveChoice = null;
    },

    /** What the console phone host may ask of Salesforce. */
    ports: function (component) {
        var helper = this;
        var s = this.state(component);
        return {
            startVoiceSession: function () {
                return helper.apex(component, 'startVoiceSession', {});
            },
            findCallerRecords: function (phoneE164) {
                return helper.apex(component, 'findCallerRecords', { phoneE164: phoneE164 });
            },
            createPhoneCase: function (phoneE164, contactId) {
                return helper.apex(component, 'createPhoneCase', { phoneE164: phoneE164, contactId: contactId });
            },
            openRecord: function (recordId) {
                return helper.openRecord(component, recordId);
            },
            choose: function (choices, call, reason) {
                return new Promise(
                    $A.getCallback(function (resolve) {
                        s.resolveChoice = resolve;
                        var who = call.protectedCaller ? 'a withheld number' : call.callerPhoneNumber;
                        component.set(
                            'v.choiceTitle',
                            reason === 'cases'
                                ? 'The caller (' + who + ') has several open cases. Which one is this call about?'
                                : 'Several contacts have the number ' + who + '. Who is calling?'
                        );
                        component.set('v.choices', choices);
                        helper.openUtility(component);
                    })
                );
            },
            onStatus: $A.getCallback(function (state, message) {
                helper.setStatus(component, state, message);
            }),
            onCall: $A.getCallback(function (call) {
                helper.onCall(component, call);
            })
        };
    },

    /** An @AuraEnabled method of TimVoiceController as a promise; errors carry Apex's message. */
    apex: function (component, name, params) {
        var helper = this;
        return new Promise(
            $A.getCallback(function (resolve, reject) {
                var action = component.get('c.' + name);
                action.setParams(params);
                action.setCallback(helper, function (response) {
                    if (response.getState() === 'SUCCESS') resolve(response.getReturnValue());
                    else reject(new Error(helper.errorMessage(response, 'The phone service did not answer.')));
                });
                $A.enqueueAction(action);
            })
        );
    },

    errorMessage: function (response, fallback) {
        var errors = response.getError();
        if (errors && errors[0] && typeof errors[0].message === 'string' && errors[0].message) return errors[0].message;
        return fallback;
    },

    /** The agent picked one of the listed records (the button's value is its index). */
    choose: function (component, value) {
        var s = this.state(component);
        var choices = component.get('v.choices') || [];
        var index = Number(value);
        var choice = Math.floor(index) === index && index >= 0 ? choices[index] : undefined;
        if (!choice || !s.resolveChoice) return;
        var resolve = s.resolveChoice;
        s.resolveChoice = null;
        component.set('v.choices', []);
        component.set('v.choiceTitle', '');
        resolve(choice);
    },

    /** Opens a record in a console workspace tab; outside a console app, navigates to it. */
    openRecord: function (component, recordId) {
        if (typeof recordId !== 'string' || !this.RECORD_ID.test(recordId)) return Promise.reject(new Error('Not a record id'));
        var workspace = component.find('workspace');
        var nav = component.find('navService');
        var navigate = function () {
            if (nav) nav.navigate({ type: 'standard__recordPage', attributes: { recordId: recordId, actionName: 'view' } });
        };
        if (!workspace) {
            navigate();
            return Promise.resolve();
        }
        return workspace.openTab({ recordId: recordId, focus: true }).catch(
            $A.getCallback(function () {
                navigate();
            })
        );
    },

    setStatus: function (component, state, message) {
        if (!component.isValid()) return;
        var text = this.STATUS_TEXT[state] || this.STATUS_TEXT.error;
        component.set('v.statusKind', state);
        component.set('v.status', message ? text + ': ' + message : text);
    },

    /** The call's states: ringing highlights the utility item and opens it; answering or ending clears that. */
    onCall: function (component, call) {
        if (!component.isValid()) return;
        var utility = component.find('utilityBar');
        var ignore = function () {};
        var highlight = function (on) {
            if (utility) utility.setUtilityHighlighted({ highlighted: on }).catch(ignore);
        };
        component.set('v.statusKind', 'call');
        switch (call.state) {
            case 'ringing':
                component.set('v.status', 'Incoming call from ' + call.caller);
                highlight(true);
                this.openUtility(component);
                break;
            case 'linked':
                component.set('v.status', 'Call logged on the case');
                break;
            case 'answered':
                component.set('v.status', 'On a call');
                highlight(false);
                break;
            case 'transferred':
                component.set('v.status', 'Call transferred');
                highlight(false);
                break;
            case 'ended':
                component.set('v.status', 'Call ended after ' + call.duration + ' s');
                highlight(false);
                break;
        }
    },

    openUtility: function (component) {
        var utility = component.find('utilityBar');
        if (utility && typeof utility.openUtility === 'function') utility.openUtility().catch(function () {});
    }
})
