({
    scriptsLoaded: function (component, event, helper) {
        helper.mount(component);
    },

    choose: function (component, event, helper) {
        helper.choose(component, event.getSource().get('v.value'));
    },

    doDestroy: function (component, event, helper) {
        helper.destroy(component);
    }
})
