({
    doInit: function (component, event, helper) {
        helper.init(component);
    },

    handleMessage: function (component, event, helper) {
        helper.onWidgetMessage(component, event.getParams().payload);
    },

    handleError: function (component, event) {
        // Errors of the container frame itself (not widget messages).
        console.error('tim_utilities_bar: container error', event.getParams().error);
    },

    handleTabFocused: function (component, event, helper) {
        helper.onTabFocused(component);
    }
})
