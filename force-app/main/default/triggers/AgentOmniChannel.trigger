trigger AgentOmniChannel on AgentWork(after insert, after update) {
  TimAgentWorkTriggerHandler.handle(Trigger.operationType, Trigger.new, Trigger.oldMap);
}
