({
    PROTOCOL: 'tim-bar',
    VERSION: 1,
    CASE_ID: /^500[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/,
    RECORD_ID: /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/,
    SESSION_REASONS: { initial: true, expiring: true, expired: true },
    SESSION_MIN_INTERVAL_MS: 5000,
    /** Web SDK proxy endpoints the relay may add to a session (TENCENT_SDK_* settings), with their URL schemes. */
    SDK_ENDPOINTS: { proxyServer: /^wss?:\/\/\S+$/, fileUploadProxy: /^https?:\/\/\S+$/, fileDownloadProxy: /^https?:\/\/\S+$/ },
    ATTENTION_KINDS: { assigned: true, message: true },
    /** Salesforce language / locale keys ($Locale.langLocale "zh_CN") and IANA zones ($Locale.timezone). */
    LOCALE_KEY: /^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8}){0,3}$/,
    TIME_ZONE: /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/,
    /** localStorage key prefix of the agent's desktop-notification choice (+ the user id: one choice per user). */
    DESKTOP_KEY: 'tim_bar.desktopNotifications.',

    init: function (component) {
        this.state(component);
        var recordId = component.get('v.recordId');
        if (this.isCaseId(recordId)) this.state(component).pendingFocus = recordId;
        this.setUnread(component, 0);
        this.watchUtility(component);
    },

    /** Per-instance runtime state (not rendered). */
    state: function (component) {
        var s = component._timState;
        if (!s) {
            s = {
                sessionInFlight: false,
                lastSessionAt: 0,
                historyInFlight: {},
                pendingFocus: null,
                lastUnread: -1,
                highlighted: null,
                utilityVisible: true
            };
            component._timState = s;
        }
        return s;
    },

    isCaseId: function (value) {
        return typeof value === 'string' && this.CASE_ID.test(value);
    },

    isInt: function (value, min, max) {
        return typeof value === 'number' && isFinite(value) && Math.floor(value) === value && value >= min && value <= max;
    },

    isText: function (value, max) {
        return typeof value === 'string' && value.length <= max;
    },

    /** Returns null when the widget message is a well-formed v1 message, else why not. */
    validate: function (msg) {
        if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return 'not an object';
        if (msg.protocol !== this.PROTOCOL) return 'unknown protocol';
        if (msg.version !== this.VERSION) return 'unsupported version';
        var p = msg.payload;
        if (!p || typeof p !== 'object' || Array.isArray(p)) return 'payload must be an object';
        switch (msg.type) {
            case 'ready':
                return null;
            case 'needSession':
                return this.SESSION_REASONS[p.reason] === true ? null : 'bad needSession.reason';
            case 'navigate':
                return typeof p.recordId === 'string' && this.RECORD_ID.test(p.recordId) ? null : 'bad navigate.recordId';
            case 'unread':
                return this.isInt(p.count, 0, 1000000) ? null : 'bad unread.count';
            case 'needHistory':
                if (!this.isCaseId(p.caseId)) return 'bad needHistory.caseId';
                return p.beforeSeq === null || this.isInt(p.beforeSeq, 0, 4294967295) ? null : 'bad needHistory.beforeSeq';
            case 'error':
                return this.isText(p.code, 64) && this.isText(p.message, 1000) ? null : 'bad error payload';
            case 'quickTextSearch':
                return this.validateQuickTextSearch(p);
            case 'attention':
                if (typeof p.kind !== 'string' || this.ATTENTION_KINDS[p.kind] !== true) return 'bad attention.kind';
                if (p.caseId !== null && !this.isCaseId(p.caseId)) return 'bad attention.caseId';
                return this.isText(p.title, 200) && this.isText(p.body, 500) ? null : 'bad attention text';
            case 'attentionSeen':
                return null;
            case 'setNotifications':
                return typeof p.desktop === 'boolean' ? null : 'bad setNotifications.desktop';
            default:
                return 'unknown type';
        }
    },

    onWidgetMessage: function (component, msg) {
        var problem = this.validate(msg);
        if (problem) {
            console.warn('tim_utilities_bar: ignored widget message (' + problem + ')');
            return;
        }
        var p = msg.payload;
        switch (msg.type) {
            case 'ready':
                component.set('v.widgetReady', true);
                this.send(component, 'locale', this.localePayload());
                this.sendNotificationState(component);
                this.sendUtilityVisibility(component);
                this.flushFocus(component);
                break;
            case 'needSession':
                this.requestSession(component);
                break;
            case 'navigate':
                this.navigate(component, p.recordId);
                break;
            case 'unread':
                this.setUnread(component, p.count);
                break;
            case 'needHistory':
                this.requestHistory(component, p.caseId, p.beforeSeq);
                break;
            case 'error':
                console.warn('tim_utilities_bar: widget error ' + p.code + ': ' + p.message);
                break;
            case 'quickTextSearch':
                this.searchQuickText(component, p.requestId, p.query);
                break;
            case 'attention':
                this.onAttention(component, p);
                break;
            case 'attentionSeen':
                this.setHighlighted(component, false);
                break;
            case 'setNotifications':
                this.setDesktopNotifications(component, p.desktop);
                break;
        }
    },

    send: function (component, type, payload) {
        var container = component.find('timBar');
        if (container) container.message({ protocol: this.PROTOCOL, version: this.VERSION, type: type, payload: payload });
    },

    errorMessage: function (response, fallback) {
        var errors = response.getError();
        if (errors && errors[0] && typeof errors[0].message === 'string' && errors[0].message) return errors[0].message;
        return fallback;
    },

    /**
     * A UserSig for the CURRENT user (Apex takes no user id). Only the four session fields and the relay's optional
     * SDK proxy endpoints are forwarded.
     */
    requestSession: function (component) {
        var s = this.state(component);
        var now = Date.now();
        if (s.sessionInFlight || now - s.lastSessionAt < this.SESSION_MIN_INTERVAL_MS) return;
        s.sessionInFlight = true;
        s.lastSessionAt = now;
        var helper = this;
        var action = component.get('c.getSession');
        action.setCallback(this, function (response) {
            s.sessionInFlight = false;
            if (!component.isValid()) return;
            if (response.getState() === 'SUCCESS') {
                var r = response.getReturnValue();
                if (r && helper.isInt(r.sdkAppId, 1, 9007199254740991) && typeof r.userId === 'string' && r.userId && typeof r.userSig === 'string' && r.userSig && helper.isInt(r.expiresAt, 1, 9007199254740991)) {
                    helper.send(component, 'session', helper.sessionPayload(r));
                } else {
                    helper.send(component, 'sessionError', { message: 'The chat service returned an incomplete session.' });
                }
            } else {
                helper.send(component, 'sessionError', { message: helper.errorMessage(response, 'Could not start the chat session.') });
            }
        });
        $A.enqueueAction(action);
    },

    sessionPayload: function (r) {
        var payload = { sdkAppId: r.sdkAppId, userId: r.userId, userSig: r.userSig, expiresAt: r.expiresAt };
        for (var key in this.SDK_ENDPOINTS) {
            if (typeof r[key] === 'string' && r[key].length <= 2048 && this.SDK_ENDPOINTS[key].test(r[key])) payload[key] = r[key];
        }
        // the agent's own name, for the Quick Text merge fields {!User.Name} / {!User.FirstName}
        if (typeof r.userName === 'string' && r.userName && r.userName.length <= 121) payload.userName = r.userName;
        if (typeof r.userFirstName === 'string' && r.userFirstName && r.userFirstName.length <= 40) payload.userFirstName = r.userFirstName;
        return payload;
    },

    /**
     * Earlier messages of a case (Apex enforces the agent's access to the Case).
     * An Aura component has a single Apex controller: getHistory is expected on TimChatSessionController as a
     * delegate of TimChatHistoryController.getHistory (see docs/widget.md). Without it the widget gets historyError.
     */
    requestHistory: function (component, caseId, beforeSeq) {
        var s = this.state(component);
        if (s.historyInFlight[caseId]) return;
        var helper = this;
        var action;
        try {
            action = component.get('c.getHistory');
        } catch (e) {
            action = null;
        }
        if (!action) {
            this.send(component, 'historyError', { caseId: caseId, message: 'Earlier messages are not available in this org.' });
            return;
        }
        s.historyInFlight[caseId] = true;
        action.setParams({ caseId: caseId, beforeSeq: beforeSeq });
        action.setCallback(this, function (response) {
            delete s.historyInFlight[caseId];
            if (!component.isValid()) return;
            var page = response.getReturnValue();
            if (response.getState() === 'SUCCESS' && page && typeof page === 'object' && Array.isArray(page.messages)) {
                helper.send(component, 'history', { caseId: caseId, page: page });
            } else {
                helper.send(component, 'historyError', { caseId: caseId, message: helper.errorMessage(response, 'Earlier messages could not be loaded.') });
            }
        });
        $A.enqueueAction(action);
    },

    // ---- Quick Text: quickTextSearch -> c.searchQuickText (TimQuickTextController, user mode) -> quickTextResults / quickTextError
    QUICK_TEXT_REQUEST_ID: /^[A-Za-z0-9_-]{1,40}$/,
    QUICK_TEXT_QUERY_MAX: 80,
    QUICK_TEXT_MAX_ITEMS: 20,

    validateQuickTextSearch: function (p) {
        if (typeof p.requestId !== 'string' || !this.QUICK_TEXT_REQUEST_ID.test(p.requestId)) return 'bad quickTextSearch.requestId';
        return this.isText(p.query, this.QUICK_TEXT_QUERY_MAX) ? null : 'bad quickTextSearch.query';
    },

    /**
     * The agent's Quick Text matching the query. Every search is answered with its requestId (the widget drops
     * answers to searches it has moved past). Only id, name, message and category are forwarded.
     */
    searchQuickText: function (component, requestId, query) {
        var helper = this;
        var action;
        try {
            action = component.get('c.searchQuickText');
        } catch (e) {
            action = null;
        }
        if (!action) {
            this.send(component, 'quickTextError', { requestId: requestId, message: 'Quick Text is not available in this org.' });
            return;
        }
        action.setParams({ query: query });
        action.setCallback(this, function (response) {
            if (!component.isValid()) return;
            var items = response.getState() === 'SUCCESS' ? helper.quickTextItems(response.getReturnValue()) : null;
            if (items) {
                helper.send(component, 'quickTextResults', { requestId: requestId, items: items });
            } else {
                helper.send(component, 'quickTextError', { requestId: requestId, message: helper.errorMessage(response, 'Quick Text could not be searched.') });
            }
        });
        $A.enqueueAction(action);
    },

    /** The well-formed rows of the Apex answer as protocol items (at most QUICK_TEXT_MAX_ITEMS); null if not a list. */
    quickTextItems: function (rows) {
        if (!Array.isArray(rows)) return null;
        var items = [];
        for (var i = 0; i < rows.length && items.length < this.QUICK_TEXT_MAX_ITEMS; i++) {
            var r = rows[i];
            if (!r || typeof r.id !== 'string' || !this.RECORD_ID.test(r.id)) continue;
            if (typeof r.name !== 'string' || !r.name || r.name.length > 255) continue;
            var item = { id: r.id, name: r.name, message: typeof r.message === 'string' ? r.message.slice(0, 4096) : '' };
            if (typeof r.category === 'string' && r.category && r.category.length <= 255) item.category = r.category;
            items.push(item);
        }
        return items;
    },

    navigate: function (component, recordId) {
        var nav = component.find('navService');
        if (!nav) return;
        nav.navigate({ type: 'standard__recordPage', attributes: { recordId: recordId, actionName: 'view' } });
    },

    /**
     * Shows the count on the utility item (unread messages plus new conversations not opened yet): the label the admin
     * gave the utility in the App Builder, read once from the utility bar before the first change, plus " (n)". A
     * rising count highlights the item (cleared when the agent opens the utility or a conversation).
     */
    setUnread: function (component, count) {
        var s = this.state(component);
        if (s.lastUnread === count) return;
        var rose = count > Math.max(s.lastUnread, 0);
        s.lastUnread = count;
        if (rose) this.setHighlighted(component, true);
        var utility = component.find('utilityBar');
        if (!utility) return;
        var ignore = function () {};
        if (!s.baseLabel) {
            var fallback = component.get('v.utilityLabel') || 'Case chat';
            var info = typeof utility.getUtilityInfo === 'function' ? utility.getUtilityInfo() : null;
            s.baseLabel = Promise.resolve(info)
                .then(function (info) {
                    return (info && info.utilityLabel) || fallback;
                })
                .catch(function () {
                    return fallback;
                });
        }
        s.baseLabel
            .then(
                $A.getCallback(function (base) {
                    // a later count may have arrived meanwhile: always show the newest
                    var n = s.lastUnread;
                    var label = n > 0 ? base + ' (' + (n > 99 ? '99+' : n) + ')' : base;
                    utility.setUtilityLabel({ label: label }).catch(ignore);
                })
            )
            .catch(ignore);
    },

    setHighlighted: function (component, highlighted) {
        var s = this.state(component);
        if (s.highlighted === highlighted) return;
        s.highlighted = highlighted;
        var utility = component.find('utilityBar');
        if (utility) utility.setUtilityHighlighted({ highlighted: highlighted }).catch(function () {});
    },

    /** Follows the utility panel (opened / minimized): opening it clears the highlight; the widget is told. */
    watchUtility: function (component) {
        var utility = component.find('utilityBar');
        if (!utility || typeof utility.onUtilityClick !== 'function') return;
        var helper = this;
        utility
            .onUtilityClick({
                eventHandler: $A.getCallback(function (response) {
                    if (!component.isValid() || !response || typeof response.panelVisible !== 'boolean') return;
                    helper.onPanel(component, response.panelVisible);
                })
            })
            .catch(function () {
                // Not in a utility bar: the widget stays treated as visible.
            });
    },

    onPanel: function (component, visible) {
        this.state(component).utilityVisible = visible;
        if (visible) this.setHighlighted(component, false);
        if (component.get('v.widgetReady')) this.send(component, 'utilityVisibility', { visible: visible });
    },

    sendUtilityVisibility: function (component) {
        var utility = component.find('utilityBar');
        if (!utility || typeof utility.getUtilityInfo !== 'function') return;
        var helper = this;
        Promise.resolve(utility.getUtilityInfo())
            .then(
                $A.getCallback(function (info) {
                    if (!component.isValid() || !info || typeof info.utilityVisible !== 'boolean') return;
                    helper.state(component).utilityVisible = info.utilityVisible;
                    helper.send(component, 'utilityVisibility', { visible: info.utilityVisible });
                })
            )
            .catch(function () {});
    },

    /** The user's language, locale and time zone ($Locale), each checked; the browser's zone when $Locale has none. */
    localePayload: function () {
        var read = function (key) {
            var v = $A.get('$Locale.' + key);
            return typeof v === 'string' ? v : '';
        };
        var language = read('langLocale') || read('language');
        var userLang = read('userLocaleLang');
        var userCountry = read('userLocaleCountry');
        var locale = userLang ? (userCountry ? userLang + '_' + userCountry : userLang) : language;
        var timeZone = read('timezone');
        if (!this.TIME_ZONE.test(timeZone)) timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'GMT';
        return {
            language: this.LOCALE_KEY.test(language) ? language : 'en_US',
            locale: this.LOCALE_KEY.test(locale) ? locale : 'en_US',
            timeZone: timeZone
        };
    },

    /**
     * Desktop notifications run HERE, in the Lightning page: the widget's lightning:container frame is cross-origin
     * and browsers do not let such frames ask for the notification permission. The agent's choice is kept in this
     * origin's localStorage under the user's id (one choice per user and browser).
     */
    desktopKey: function () {
        return this.DESKTOP_KEY + ($A.get('$SObjectType.CurrentUser.Id') || 'unknown');
    },

    desktopChoice: function () {
        try {
            return window.localStorage.getItem(this.desktopKey()) === 'on';
        } catch (e) {
            return false;
        }
    },

    notificationState: function () {
        if (typeof Notification === 'undefined') return 'unsupported';
        if (Notification.permission === 'denied') return 'blocked';
        return Notification.permission === 'granted' && this.desktopChoice() ? 'on' : 'off';
    },

    sendNotificationState: function (component) {
        this.send(component, 'notifications', { desktop: this.notificationState() });
    },

    setDesktopNotifications: function (component, on) {
        var helper = this;
        var remember = function (value) {
            try {
                window.localStorage.setItem(helper.desktopKey(), value ? 'on' : 'off');
            } catch (e) {
                console.warn('tim_utilities_bar: the notification choice could not be saved');
            }
        };
        if (!on || typeof Notification === 'undefined') {
            remember(false);
            this.sendNotificationState(component);
            return;
        }
        var asked = Notification.permission === 'default' ? Notification.requestPermission() : Notification.permission;
        Promise.resolve(asked)
            .then(
                $A.getCallback(function (permission) {
                    remember(permission === 'granted');
                    if (component.isValid()) helper.sendNotificationState(component);
                })
            )
            .catch(function () {
                if (component.isValid()) helper.sendNotificationState(component);
            });
    },

    /**
     * Something new the agent is not looking at: highlight the utility item; when the agent turned desktop
     * notifications on and the utility is minimized or the page is in the background, show one (click: open the
     * utility and the case's conversation).
     */
    onAttention: function (component, p) {
        this.setHighlighted(component, true);
        var s = this.state(component);
        var background = document.visibilityState === 'hidden' || !document.hasFocus();
        if (this.notificationState() !== 'on' || (s.utilityVisible && !background)) return;
        var helper = this;
        try {
            var notification = new Notification(p.title, { body: p.body, tag: 'tim-bar-' + (p.caseId || p.kind) });
            notification.onclick = $A.getCallback(function () {
                notification.close();
                window.focus();
                if (!component.isValid()) return;
                var utility = component.find('utilityBar');
                if (utility && typeof utility.openUtility === 'function') {
                    utility
                        .openUtility()
                        .then(
                            $A.getCallback(function () {
                                if (component.isValid()) helper.onPanel(component, true);
                            })
                        )
                        .catch(function () {});
                }
                if (p.caseId) {
                    s.pendingFocus = p.caseId;
                    helper.flushFocus(component);
                }
            });
        } catch (e) {
            console.warn('tim_utilities_bar: desktop notification failed');
        }
    },

    /** The agent focused a console tab: when it shows a Case, open that case's conversation in the widget. */
    onTabFocused: function (component) {
        var workspace = component.find('workspace');
        if (!workspace) return;
        var helper = this;
        workspace
            .getFocusedTabInfo()
            .then(
                $A.getCallback(function (info) {
                    var recordId = info && (info.recordId || (info.pageReference && info.pageReference.attributes && info.pageReference.attributes.recordId));
                    if (!helper.isCaseId(recordId) || !component.isValid()) return;
                    helper.state(component).pendingFocus = recordId;
                    helper.flushFocus(component);
                })
            )
            .catch(function () {
                // Not in a console app, or no tab focused: nothing to do.
            });
    },

    flushFocus: function (component) {
        var s = this.state(component);
        if (!s.pendingFocus || !component.get('v.widgetReady')) return;
        var caseId = s.pendingFocus;
        s.pendingFocus = null;
        this.send(component, 'focusCase', { caseId: caseId });
    }
})
